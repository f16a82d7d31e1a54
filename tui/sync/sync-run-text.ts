/**
 * One line per sync run for the Sync & logs history (stored runs from sync.history) and
 * the idle state of a profile (last run, next run from sync.overview). Pure.
 */
import type { ProfileSyncOverview } from '../hooks/use-sync-overview.js';
import type { SyncRunRecord } from '../../src/protocol/schemas/sync-overview-schemas.js';
import { padText } from '../layout/fit-text.js';
import { compactTime, resultMark, shortTime } from './sync-time-text.js';

/** `11-23 12:40 lab-onprem       ✓ +3 ~1 -0 ⇣5 0 errors 1.2 s full` */
export function historyLine(run: SyncRunRecord): string {
  const when = shortTime(run.startedAt);
  if (!run.finishedAt || !run.counts) return `${when} ${padText(run.profile, 16)} … running or interrupted`;
  const c = run.counts;
  const seconds = run.durationMs === null ? '' : ` ${(run.durationMs / 1000).toFixed(1)} s`;
  return `${when} ${padText(run.profile, 16)} ${resultMark(run.result)} +${c.created} ~${c.updated} -${c.deleted} ⇣${c.imported} ${c.errors} errors${seconds}${run.full ? ' full' : ''}`;
}

/** `– idle · last ✓ 12:40 · next 13:41`; `overview` undefined when the agent does not report it. */
export function idleText(overview: ProfileSyncOverview | null | undefined, now: Date): string {
  if (overview === undefined) return '– idle';
  const last = overview?.lastRun?.finishedAt ? `last ${resultMark(overview.lastRun.result)} ${compactTime(overview.lastRun.finishedAt, now)}` : 'never synced';
  const next = overview?.nextRunAt ? `next ${compactTime(overview.nextRunAt, now)}` : 'none scheduled';
  return `– idle · ${last} · ${next}`;
}
