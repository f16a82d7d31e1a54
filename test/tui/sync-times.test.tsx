// Sync times in the console against a real agent and a real sync of the lab, run before
// the console opens: the Staff screen's last attempt per mailbox from sync.status (EX-15),
// the Dashboard's last and next sync per profile and the Sync & logs history of stored
// runs from sync.overview / sync.history (EX-6).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { historyLine } from '../../tui/sync/sync-run-text.js';
import { attemptCell, compactTime, longTime } from '../../tui/sync/sync-time-text.js';
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

describe('dashboard: last and next sync per profile (EX-6)', () => {
  it('shows the last run with its result and the scheduled next run', async () => {
    const { profiles } = await client.call('sync.overview', {});
    const overview = profiles.find((p) => p.profile === 'lab-onprem')!;
    expect(overview.lastRun?.result).toBe('ok');
    const now = new Date();
    const last = `✓ ${compactTime(overview.lastRun!.finishedAt!, now)}`;
    const next = compactTime(overview.nextRunAt!, now);
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'dashboard' } });
    try {
      const frame = await ui.waitFor(new RegExp(`lab-onprem.*${last}\\s+${next}`));
      expect(frame).toContain('LAST SYNC');
      expect(frame).not.toContain('not reported');
    } finally {
      ui.unmount();
    }
  });
});

describe('sync and logs: runs from before the console opened', () => {
  it('lists the stored run in the history and the idle profile with its last and next run', async () => {
    const { runs } = await client.call('sync.history', { profile: 'lab-onprem' });
    expect(runs).toHaveLength(1);
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'sync' } });
    try {
      const progress = await ui.waitFor(/lab-onprem\s+– idle · last ✓ \S+ · next \S+/);
      expect(progress).not.toContain('never synced');
      await ui.press(KEYS.tab);
      const history = await ui.waitFor('Stored runs, newest first (1)');
      expect(history).toContain(historyLine(runs[0]!).slice(0, 60));
      expect(history).not.toContain('No sync has finished since the console opened');
    } finally {
      ui.unmount();
    }
  });
});
