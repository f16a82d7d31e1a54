// Sync times in the console against a real agent and a real sync of the lab: the Staff
// screen's last attempt per mailbox from sync.status (EX-15).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { attemptCell, longTime } from '../../tui/sync/sync-time-text.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let lab: RunningLab;

beforeAll(async () => {
  w = createTempEnv();
  lab = await startLab({ mailboxes: 2, items: 5 });
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem')!;
  await client.call('profiles.put', { profile: { ...JSON.parse(readFileSync(entry.file, 'utf8')), intervalMinutes: 60 } });
  for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: 'lab-onprem', field, value });
  // A sync finished before the console opens: what the console shows comes from the agent's tables.
  await client.call('sync.run', { profile: 'lab-onprem', wait: true });
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  await lab?.stop();
  w?.cleanup();
});

describe('staff screen: last sync attempt per mailbox (EX-15)', () => {
  it('shows each synced mailbox with its attempt time and result, and the details view the full time', async () => {
    const { users } = await client.call('sync.status', { profile: 'lab-onprem' });
    const attempted = users.filter((u) => u.lastAttemptAt);
    expect(attempted.length).toBeGreaterThan(0);
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'staff', profile: 'lab-onprem' } });
    try {
      const first = attempted[0]!;
      const cell = attemptCell(first.lastAttemptAt, first.lastResult);
      expect(cell).toMatch(/^[✓✗] \d\d-\d\d \d\d:\d\d$/);
      const frame = await ui.waitFor(cell);
      expect(frame).toContain(first.mailbox.slice(0, 16));
      expect(frame).not.toContain('none yet');
      await ui.press(KEYS.enter);
      const detail = await ui.waitFor('Last sync attempt');
      expect(detail).toContain(`${longTime(first.lastAttemptAt)} ${first.lastResult === 'ok' ? '✓ ok' : '✗ failed'}`);
      expect(detail).not.toContain('does not report sync attempts');
    } finally {
      ui.unmount();
    }
  });
});
