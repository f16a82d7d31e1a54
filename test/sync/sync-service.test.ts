// Scheduling and run control of the sync service (#7, EX-7, EX-9): the interval is never
// under 10 minutes and only ever lengthened by jitter; runs of one profile never overlap
// (a second request joins the first); a save during a run is queued and applied after it,
// and a changed resync field makes the next run a full one; the agent's timer starts runs
// by itself; progress and the end go to the event sink. Real SQLite, in-memory server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenedStore } from '../../agent/store/open-store.js';
import { SyncService, type SyncEvent } from '../../agent/sync/sync-service.js';
import { nextRunDelayMs, queueSave } from '../../agent/sync/sync-schedule.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { MemoryExchange } from './memory-connector.js';
import { onpremProfile } from './engine-kit.js';

const A = 'anna@example.test';
const cleanups: Array<() => void> = [];
afterEach(() => { vi.useRealTimers(); for (const c of cleanups.splice(0)) c(); });

function world(profile: Profile, options: { schedule?: boolean; mailboxSlots?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-sched-'));
  const store: OpenedStore = openStore({ stateDir: dir });
  cleanups.push(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  const server = new MemoryExchange('ews');
  server.addMailbox(A);
  let release: () => void = () => undefined;
  let hold = Promise.resolve();
  const original = server.trackChanges.bind(server);
  server.trackChanges = async (...args) => { await hold; return original(...args); };
  const profiles = new Map([[profile.name, profile]]);
  const events: SyncEvent[] = [];
  const service = new SyncService({
    db: store.db, stateDir: dir, log: pino({ level: 'silent' }),
    profiles: { get: (n) => profiles.get(n), list: () => [...profiles.values()] },
    openConnector: () => Promise.resolve(server),
    publish: (e) => events.push(e), schedule: options.schedule ?? false, random: () => 0.5,
    ...(options.mailboxSlots !== undefined ? { mailboxSlots: options.mailboxSlots } : {}),
  });
  return {
    store, server, service, events, profiles,
    block: () => { hold = new Promise<void>((r) => { release = r; }); },
    unblock: () => release(),
  };
}

describe('schedule rules', () => {
  it('never under 10 minutes; jitter adds at most 10 %', () => {
    expect(nextRunDelayMs(3, 0)).toBe(600_000);
    expect(nextRunDelayMs(15, 0)).toBe(900_000);
    expect(nextRunDelayMs(15, 0.999)).toBeLessThanOrEqual(990_000);
    expect(nextRunDelayMs(15, 0.5)).toBe(945_000);
    expect(nextRunDelayMs(Number.NaN, 0)).toBe(600_000);
  });
  it('queued saves: the latest profile wins, a requested full resync stays requested', () => {
    const first = queueSave(undefined, 'v1', ['server']);
    expect(queueSave(first, 'v2', [])).toEqual({ profile: 'v2', fullResync: true });
    expect(queueSave(undefined, 'v1', [])).toEqual({ profile: 'v1', fullResync: false });
  });
});

describe('SyncService', () => {
  it('runs of one profile never overlap: a second request joins the first', async () => {
    const w = world(onpremProfile([A]));
    w.block();
    const first = w.service.run('p1');
    const second = w.service.run('p1');
    expect(first.started).toBe(true);
    expect(second).toMatchObject({ started: false, runId: first.runId });
    expect(w.service.jobs()).toEqual([expect.objectContaining({ id: first.runId, kind: 'sync', profile: 'p1' })]);
    w.unblock();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a).toBe(b);
    expect(w.service.jobs()).toEqual([]);
    expect(w.events.filter((e) => e.type === 'sync.finished')).toHaveLength(1);
    expect(w.events.some((e) => e.type === 'sync.progress' && e.data.folder === 'calendar' && e.data.phase === 'finished')).toBe(true);
  });

  it('EX-9: a save during a run is queued and applied after it; a resync field makes the next run full', async () => {
    const w = world(onpremProfile([A]));
    w.block();
    const run = w.service.run('p1');
    expect(w.service.profileSaved(onpremProfile([A], { server: 'mail2.example.test' }), ['server'])).toEqual({ queued: true });
    expect(w.service.books.settings('p1').fullResyncPending).toBe(false);
    w.unblock();
    await run.done;
    expect(w.service.books.settings('p1').fullResyncPending).toBe(true);
    const next = w.service.run('p1');
    await next.done;
    const runs = w.store.db.prepare('SELECT id, full FROM sync_runs ORDER BY started_at').all() as Array<{ id: string; full: number }>;
    expect(runs.map((r) => r.full)).toEqual([0, 1]);
    expect(w.service.books.settings('p1').fullResyncPending).toBe(false);
    // Idle: applied at once.
    expect(w.service.profileSaved(onpremProfile([A]), [])).toEqual({ queued: false });
  });

  it('#8 graceful stop: the folder in progress finishes and is stored, later folders and mailboxes wait, the run ends partial', async () => {
    const B = 'bert@example.test';
    const w = world(onpremProfile([A, B]), { mailboxSlots: 1 });
    w.server.addMailbox(B);
    w.server.serverCreate(A, 'appointment', { subject: 'Kept', start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' });
    w.block();
    const run = w.service.run('p1');
    await vi.waitFor(() => expect(w.events.some((e) => e.type === 'sync.progress' && e.data.folder === 'calendar' && e.data.phase === 'started')).toBe(true));
    let stopped = false;
    const stopping = w.service.stop().then(() => { stopped = true; });
    await new Promise((r) => setTimeout(r, 20));
    // stop() waits for the run: the calendar step is still blocked on the server.
    expect(stopped).toBe(false);
    w.unblock();
    await stopping;
    const summary = await run.done;
    expect(summary.errors).toEqual([]);
    const progress = w.events.flatMap((e) => (e.type === 'sync.progress' ? [`${e.data.mailbox} ${e.data.folder} ${e.data.phase}`] : []));
    expect(progress).toEqual([`${A} calendar started`, `${A} calendar finished`]);
    // The finished step committed: its item and its sync state are stored.
    expect(w.service.items.list({ profile: 'p1', kind: 'appointment', includeDeleted: false, limit: 10, offset: 0 }).items.map((i) => i.data.subject)).toEqual(['Kept']);
    expect(w.service.books.folderState('p1', A, 'calendar').state).not.toBeNull();
    const outcome = w.store.db.prepare('SELECT outcome FROM sync_runs WHERE id = ?').get(run.runId) as { outcome: string };
    expect(outcome.outcome).toBe('partial');
    // Attempted, not finished: no result claimed for A; B was never started.
    expect(w.service.books.userStatus('p1').map((u) => [u.mailbox, u.lastResult, u.lastSuccessAt])).toEqual([[A, null, null]]);
  });

  it('an unknown profile is refused with a fix', () => {
    const w = world(onpremProfile([A]));
    expect(() => w.service.run('nope')).toThrow(expect.objectContaining({ code: 'MB_PROFILE_NOT_FOUND' }));
  });

  it('EX-7: the timer starts a run after the interval (plus jitter), not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const w = world(onpremProfile([A]), { schedule: true });
    w.service.start();
    await vi.advanceTimersByTimeAsync(599_000);
    expect(w.events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(40_000);
    await vi.waitFor(() => expect(w.events.some((e) => e.type === 'sync.finished')).toBe(true));
    await w.service.stop();
  });

  it('a disabled profile (EX-6) is not scheduled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const w = world(onpremProfile([A], { enabled: false }), { schedule: true });
    w.service.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(w.events).toHaveLength(0);
  });
});
