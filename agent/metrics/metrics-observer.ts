/**
 * Feeds the metrics (agent-metrics.ts) from what the agent already publishes on its event
 * bus — check runs and sync runs — so the checks and sync subsystems need no metrics code
 * of their own. A finished check run's report is also archived in the store's
 * `check_reports` table, where `mailbridge report` finds the recent ones.
 */
import type { Logger } from 'pino';
import type { CheckReport } from '../../src/checks/check-report.js';
import { reportVerdict } from '../../src/checks/report-verdict.js';
import type { SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import { recordCheckResult, recordCheckRunFinished, recordError, recordItems, recordSyncRun, type ItemDirection } from './agent-metrics.js';

/** Which summary counts are items, and which way they went. */
const SYNC_ITEM_COUNTS: ReadonlyArray<{ field: keyof SyncSummary; direction: ItemDirection }> = [
  { field: 'created', direction: 'to_exchange' },
  { field: 'updated', direction: 'to_exchange' },
  { field: 'deleted', direction: 'both' },
  { field: 'imported', direction: 'from_exchange' },
  { field: 'ingested', direction: 'from_exchange' },
];

/** Ad-hoc runs (`check --server`) count their errors but keep no per-check series: they name no profile to label. */
export function recordCheckReport(report: CheckReport): void {
  const profile = report.target.profile;
  for (const check of report.checks) {
    if (profile !== undefined) recordCheckResult(profile, check.id, check.status);
    if (check.diagnosis) recordError(check.diagnosis.code, 'check');
  }
  if (profile !== undefined) recordCheckRunFinished(profile);
}

export function recordSyncSummary(summary: SyncSummary): void {
  recordSyncRun(summary.profile, summary.errors.length > 0 ? 'error' : 'ok', summary.durationMs);
  for (const { field, direction } of SYNC_ITEM_COUNTS) recordItems(summary.profile, field, direction, Number(summary[field]));
  for (const error of summary.errors) recordError(error.diagnosis?.code ?? error.code, 'sync');
}

const KEEP_REPORTS_PER_PROFILE = 50;

/** Keeps a profile's check report in `check_reports` (the last 50 per profile). */
export function archiveCheckReport(store: Store, report: CheckReport): void {
  const profile = report.target.profile;
  if (!profile) return;
  const outcome = report.summary.fail > 0 ? 'fail' : report.summary.warn > 0 ? 'warn' : 'pass';
  const finishedAt = new Date().toISOString();
  const startedAt = new Date(Date.now() - report.durationMs).toISOString();
  store.db.prepare('INSERT INTO check_reports (profile, started_at, finished_at, outcome, report) VALUES (?, ?, ?, ?, ?)').run(profile, startedAt, finishedAt, outcome, JSON.stringify(report));
  store.db.prepare('DELETE FROM check_reports WHERE profile = ? AND id NOT IN (SELECT id FROM check_reports WHERE profile = ? ORDER BY id DESC LIMIT ?)').run(profile, profile, KEEP_REPORTS_PER_PROFILE);
}

export interface MetricsObserverDeps {
  events: EventBus;
  /** The finished report of a check run (the agent's CheckRunService.report). */
  checkReport: (runId: string) => Promise<CheckReport>;
  store: Store;
  log: Logger;
}

/** Subscribes to the bus for the agent's life; returns the unsubscribe. */
export function observeForMetrics(deps: MetricsObserverDeps): () => void {
  const onCheckRunFinished = async (runId: string) => {
    const report = await deps.checkReport(runId);
    recordCheckReport(report);
    archiveCheckReport(deps.store, report);
    deps.log.info({ profile: report.target.profile, runId, verdict: reportVerdict(report).line, summary: report.summary }, 'check run finished');
  };
  const subscription = deps.events.subscribe((method, params) => {
    const data = params.data as { runId?: string; kind?: string; summary?: SyncSummary };
    if (method === 'run.finished' && data.kind === 'checks' && data.runId) {
      onCheckRunFinished(data.runId).catch((error: unknown) => deps.log.warn({ err: error, runId: data.runId }, 'check run not recorded in metrics'));
    } else if (method === 'sync.finished' && data.summary) {
      recordSyncSummary(data.summary);
    }
    return true;
  }, ['runs']);
  subscription.start(null);
  return () => subscription.close();
}
