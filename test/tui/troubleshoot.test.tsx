// The Troubleshoot screen (issue #6) against a real agent and the lab with a fault on:
// live check progress, a failing check's cause and fix, the fault switched off, re-running
// that check and seeing it pass, and a Markdown export that tells the whole session.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let lab: RunningLab;

beforeAll(async () => {
  w = createTempEnv();
  lab = await startLab({ faults: ['tls-self-signed'], mailboxes: 2, items: 10 });
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem')!;
  await client.call('profiles.put', { profile: JSON.parse(readFileSync(entry.file, 'utf8')) });
  for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: 'lab-onprem', field, value });
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  await lab?.stop();
  w?.cleanup();
});

describe('troubleshoot screen', () => {
  it('runs the checks live, explains the failure, re-runs it after the fix and exports the session', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'troubleshoot' }, exportDir: w.root });
    try {
      await ui.waitFor('choose what to check');
      expect(ui.lastFrame()).toContain('Ad-hoc server…');
      await ui.press(KEYS.enter);
      const live = await ui.waitFor(/running checks for lab-onprem|✗ fail/);
      expect(live).toMatch(/lab-onprem/);
      const done = await ui.waitFor(/lab-onprem: ✗ \d+ fail/, 30_000);
      expect(done).toMatch(/✓ pass .* \d+ ms/);
      for (const line of done.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

      // Select the first failing check and open it.
      const lines = done.split('\n').filter((l) => /^[›\s] [✓⚠✗–] /.test(l));
      const failing = lines.findIndex((l) => l.includes('✗ fail'));
      expect(failing).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < failing; i += 1) await ui.press('j');
      await ui.press(KEYS.enter);
      const detail = await ui.waitFor('Cause:');
      expect(detail).toContain('Fix:');
      expect(detail).toMatch(/✗ fail · /);

      lab.context.faults.set('tls-self-signed', false);
      await lab.settled();
      // What the agent starts for the re-run: the selected check and what it depends on only.
      const started: string[] = [];
      const watch = await client.subscribe((n) => {
        if (n.method === 'run.progress' && (n.params.data as { phase: string }).phase === 'started') started.push((n.params.data as { checkId: string }).checkId);
      }, ['runs']);
      const failingId = /· .+ \(([a-z0-9.]+)\) ·/.exec(detail)?.[1];
      expect(failingId).toMatch(/^tls\./);
      await ui.press('r');
      // With the fault off the lab's certificate is trusted through its CA file only: a warning, no failure.
      const rerun = await ui.waitFor(/✗ fail → (✓ pass|⚠ warn)/, 30_000);
      expect(rerun).toMatch(/lab-onprem: (⚠ \d+ warn, )?✓ \d+ pass/);
      // Only that check and its dependencies ran; the checks it had blocked are still skipped until R runs all.
      expect(rerun).toMatch(/· \d+ skipped: R runs all/);
      await watch.close();
      expect(started).toContain('tls.handshake');
      expect(started).toContain(failingId);
      expect(started).not.toContain('ews.endpoint');
      expect(started).not.toContain('auth.credentials');
      expect(started.length).toBeLessThan(lines.length);

      await ui.press(KEYS.escape);
      await ui.press('x');
      const exported = await ui.waitFor('✓ Exported to');
      expect(exported).toContain(w.root.slice(0, 10));
      const file = readdirSync(w.root).find((f) => f.startsWith('mailbridge-troubleshoot-lab-onprem'));
      expect(file).toBeDefined();
      const markdown = readFileSync(path.join(w.root, file!), 'utf8');
      expect(markdown).toMatch(/ran all checks for lab-onprem: ✗ \d+ fail/);
      expect(markdown).toMatch(/re-ran .* for lab-onprem: ✗ fail → (✓ pass|⚠ warn)/);
      expect(markdown).toContain('## Last check report');
      expect(markdown).not.toContain(lab.document.accounts[0]!.password);

      // The dashboard's health column shows the last run of this session.
      await ui.press('1');
      await ui.waitFor(/lab-onprem .*(⚠ 1 warn|✓ \d+ pass)/);

      // Sync & logs: a sync of the lab profile runs and its summary lands in the history.
      await ui.press('6');
      await ui.waitFor(/lab-onprem\s+– idle[\s\S]*s sync now/);
      await ui.press('s');
      await ui.waitFor('sync of lab-onprem started');
      await ui.press(KEYS.tab);
      const history = await ui.waitFor(/lab-onprem\s+[✓⚠] \+\d+/, 60_000);
      expect(history).toMatch(/\d+ errors/);
    } finally {
      ui.unmount();
    }
  }, 90_000);
});
