// sync.overview and sync.history over the socket (issue #6 on the sync engine of #7): a real
// agent syncs the lab; the overview names each profile's last finished run with its counts,
// the scheduler's next run time (EX-6/EX-7: interval plus up to 10 % jitter) and whether a
// run is going; the history lists stored runs newest first, per profile or all.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let lab: RunningLab;
let savedAt: number;

const INTERVAL_MINUTES = 60;

beforeAll(async () => {
  w = createTempEnv();
  lab = await startLab({ mailboxes: 2, items: 5 });
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem')!;
  savedAt = Date.now();
  await client.call('profiles.put', { profile: { ...JSON.parse(readFileSync(entry.file, 'utf8')), intervalMinutes: INTERVAL_MINUTES } });
  for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: 'lab-onprem', field, value });
  await client.call('profiles.put', { profile: { kind: 'exchange-onprem', name: 'paused', server: 'mail.acme.example', enabled: false, intervalMinutes: 15, credentials: { kind: 'password', user: 'svc@acme.example' } } });
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  await lab?.stop();
  w?.cleanup();
});

function withinSchedule(nextRunAt: string | null, from: number, to: number): boolean {
  if (nextRunAt === null) return false;
  const at = Date.parse(nextRunAt);
  return at >= from + INTERVAL_MINUTES * 60_000 && at <= to + INTERVAL_MINUTES * 60_000 * 1.1;
}

describe('sync.overview and sync.history', () => {
  it('reports no run and the next scheduled run before the first sync; a disabled profile has no next run', async () => {
    const { profiles } = await client.call('sync.overview', {});
    const lab = profiles.find((p) => p.profile === 'lab-onprem')!;
    expect(lab).toMatchObject({ lastRun: null, running: false });
    expect(withinSchedule(lab.nextRunAt, savedAt, Date.now())).toBe(true);
    expect(profiles.find((p) => p.profile === 'paused')).toEqual({ profile: 'paused', lastRun: null, nextRunAt: null, running: false });
    expect((await client.call('sync.history', { profile: 'lab-onprem' })).runs).toEqual([]);
  });

  it('after a sync: the last run with its result and counts, rescheduled from its end, and the history newest first', async () => {
    const { runId: firstRun, summary } = await client.call('sync.run', { profile: 'lab-onprem', wait: true });
    const from = Date.now();
    const { runId: secondRun } = await client.call('sync.run', { profile: 'lab-onprem', wait: true });
    const to = Date.now();
    const { profiles } = await client.call('sync.overview', {});
    const lab = profiles.find((p) => p.profile === 'lab-onprem')!;
    expect(lab.running).toBe(false);
    expect(lab.lastRun).toMatchObject({ runId: secondRun, profile: 'lab-onprem', result: 'ok', full: false });
    expect(lab.lastRun!.finishedAt! >= lab.lastRun!.startedAt).toBe(true);
    expect(lab.lastRun!.counts).toMatchObject({ mailboxes: 2, errors: 0 });
    expect(withinSchedule(lab.nextRunAt, from, to)).toBe(true);

    const { runs } = await client.call('sync.history', { profile: 'lab-onprem' });
    expect(runs.map((r) => r.runId)).toEqual([secondRun, firstRun]);
    expect(runs[1]!.counts).toEqual({
      mailboxes: summary!.mailboxes, created: summary!.created, updated: summary!.updated, deleted: summary!.deleted,
      imported: summary!.imported, conflicts: summary!.conflicts, errors: summary!.errors.length,
    });
    expect((await client.call('sync.history', { limit: 1 })).runs.map((r) => r.runId)).toEqual([secondRun]);
  });

  it('refuses bad params with the field named', async () => {
    await expect(client.call('sync.history', { limit: 0 } as never)).rejects.toThrow(/limit/);
  });
});
