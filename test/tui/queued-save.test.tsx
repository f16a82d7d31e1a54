// EX-9 against a real agent and a real sync: while a sync of the profile runs (the lab
// answers slowly), the wizard's summary says saving queues the change, and after saving it
// says the change is queued and applies when the sync ends.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let lab: RunningLab;

beforeAll(async () => {
  w = createTempEnv();
  // Every lab answer takes 400 ms, so a sync of three mailboxes stays running for a while.
  lab = await startLab({ mailboxes: 3, items: 20, latencyMs: 400 });
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem')!;
  await client.call('profiles.put', { profile: { ...JSON.parse(readFileSync(entry.file, 'utf8')), intervalMinutes: 60 } });
  for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: 'lab-onprem', field, value });
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  await lab?.stop();
  w?.cleanup();
});

describe('saving while a sync runs (EX-9)', () => {
  it('says the change is queued and applies when the running sync ends', async () => {
    const { started } = await client.call('sync.run', { profile: 'lab-onprem' });
    expect(started).toBe(true);
    expect((await client.call('agent.status')).jobs).toContainEqual(expect.objectContaining({ kind: 'sync', profile: 'lab-onprem' }));
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup', profile: 'lab-onprem' }, exportDir: w.root });
    try {
      await ui.waitFor('Edit lab-onprem');
      await ui.waitFor(/1 running: sync lab-onprem/);
      for (let i = 0; i < 5; i += 1) await ui.press('\u001B[6~');
      const summary = await ui.waitFor('of 7 · Summary', 30_000);
      // Notices wrap at 80 columns: compare the words, not the line breaks.
      expect(summary.replace(/\s+/g, ' ')).toContain('A sync of lab-onprem is running: saving queues the change; it applies when that sync ends (EX-9)');
      await ui.press('\r');
      const saved = await ui.waitFor('✓ Saved profile lab-onprem.');
      expect(saved.replace(/\s+/g, ' ')).toContain('A sync of lab-onprem is running: your change is queued and applies when it ends (EX-9)');

      // The session's history (exported from Troubleshoot) tells the save and its validation too.
      await ui.waitFor(/Validat(ed|ion) on save/, 60_000);
      await ui.press('3');
      await ui.waitFor('choose what to check');
      await ui.press('\r');
      await ui.waitFor(/lab-onprem: .*\d+ pass in/, 60_000);
      await ui.press('x');
      await ui.waitFor('✓ Exported to');
      const file = readdirSync(w.root).find((f) => f.startsWith('mailbridge-troubleshoot-lab-onprem'))!;
      const markdown = readFileSync(path.join(w.root, file), 'utf8');
      expect(markdown).toMatch(/— saved profile lab-onprem/);
      expect(markdown).toMatch(/— validated lab-onprem on save: /);
      expect(markdown).toMatch(/— ran all checks for lab-onprem: /);
    } finally {
      ui.unmount();
    }
  }, 90_000);
});
