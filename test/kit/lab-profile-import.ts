// Sets a store up as an operator would: one of the lab's profiles imported and its password
// stored through the built CLI (`profile import`, `secrets set --stdin`). Shared by the suites
// that then drive `check` against that profile.
import { expect } from 'vitest';
import type { RunningLab } from '../../fixtures/lab/lab.js';
import { runCli } from './built-cli.js';

export async function importLabOnpremProfile(lab: RunningLab, env: Record<string, string>): Promise<void> {
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('the lab document has no lab-onprem profile');
  const imported = await runCli(['profile', 'import', entry.file], { env });
  expect(imported.code, imported.stderr).toBe(0);
  const stored = await runCli(['secrets', 'set', 'lab-onprem', 'password', '--stdin'], { env, stdin: `${entry.secrets.password}\n` });
  expect(stored.code, stored.stderr).toBe(0);
}
