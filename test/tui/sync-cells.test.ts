// The wording of sync times in the console's narrow cells (issue #6, EX-6, EX-15): the
// dashboard's last/next sync for every state an agent can report, the idle line and the
// history line of the Sync & logs screen, the staff attempt cell. Pure.
import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../src/protocol/index.js';
import { syncCells } from '../../tui/screens/dashboard/profile-rows.js';
import { historyLine, idleText } from '../../tui/sync/sync-run-text.js';
import { attemptCell, compactTime } from '../../tui/sync/sync-time-text.js';

const now = new Date(2026, 10, 23, 12, 45);
const at = (h: number, m: number, day = 23): string => new Date(2026, 10, day, h, m).toISOString();
const profile = { name: 'acme', kind: 'exchange-onprem', enabled: true } as ProfileSummary;
const run = {
  runId: 'r1', profile: 'acme', startedAt: at(12, 40), finishedAt: at(12, 41), full: false, result: 'partial' as const,
  counts: { mailboxes: 2, created: 3, updated: 1, deleted: 0, imported: 5, conflicts: 0, errors: 1 }, durationMs: 1234,
};

describe('dashboard sync cells', () => {
  it('says n/a when the agent does not report sync times', () => {
    expect(syncCells(profile, undefined, now)).toEqual({ lastSync: '– n/a', nextSync: '– n/a' });
  });
  it('says none before the first run, off for a disabled profile', () => {
    expect(syncCells(profile, null, now)).toEqual({ lastSync: '– none', nextSync: '– none' });
    expect(syncCells({ ...profile, enabled: false }, { profile: 'acme', lastRun: null, nextRunAt: null, running: false }, now)).toEqual({ lastSync: '– none', nextSync: '– off' });
  });
  it('gives the result mark and the time today, the date another day, and now while running', () => {
    expect(syncCells(profile, { profile: 'acme', lastRun: run, nextRunAt: at(9, 5, 24), running: false }, now)).toEqual({ lastSync: '⚠ 12:41', nextSync: '11-24' });
    expect(syncCells(profile, { profile: 'acme', lastRun: { ...run, result: 'ok' }, nextRunAt: null, running: true }, now).nextSync).toBe('… now');
    for (const cell of Object.values(syncCells(profile, { profile: 'acme', lastRun: run, nextRunAt: at(13, 0), running: false }, now))) expect(cell.length).toBeLessThanOrEqual(9);
  });
});

describe('sync & logs lines', () => {
  it('idle line with last and next run, or never synced', () => {
    expect(idleText({ profile: 'acme', lastRun: run, nextRunAt: at(13, 30), running: false }, now)).toBe('– idle · last ⚠ 12:41 · next 13:30');
    expect(idleText(null, now)).toBe('– idle · never synced · none scheduled');
    expect(idleText(undefined, now)).toBe('– idle');
  });
  it('history line with counts, duration and full marker; an unfinished run says so', () => {
    expect(historyLine({ ...run, full: true })).toMatch(/^11-23 12:40 acme\s+⚠ \+3 ~1 -0 ⇣5 1 errors 1\.2 s full$/);
    expect(historyLine({ ...run, finishedAt: null, counts: null, result: null })).toMatch(/… running or interrupted$/);
  });
  it('staff attempt cell', () => {
    expect(attemptCell(at(12, 40), 'failed')).toBe('✗ 11-23 12:40');
    expect(attemptCell(null, null)).toBe('– none yet');
    expect(compactTime('not a time', now)).toBe('–');
  });
});
