/**
 * The agent's Prometheus metrics (issue #8, AG-4): one registry per process and the small
 * recording API other subsystems call (checks, sync, throttling, errors). Names and labels
 * are a contract — README "Fleet monitoring" and docs/grafana-dashboard.json depend on them,
 * so change them only additively.
 *
 * Labels carry profile names, check ids, item kinds and diagnosis codes only: bounded sets
 * chosen by the operator or by us, never mailbox addresses or free text (cardinality), and
 * never anything secret.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MAILBRIDGE_VERSION, PROTOCOL_VERSION } from '../../src/version.js';

export const METRIC_PREFIX = 'mailbridge_';

export type CheckStatusLabel = 'pass' | 'warn' | 'fail' | 'skip';
const CHECK_STATUSES: readonly CheckStatusLabel[] = ['pass', 'warn', 'fail', 'skip'];
export type SyncOutcome = 'ok' | 'error';
export type ItemDirection = 'to_exchange' | 'from_exchange' | 'both';

/** The process-wide registry the /metrics endpoint serves. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: METRIC_PREFIX });

const agentInfo = new Gauge({
  name: `${METRIC_PREFIX}agent_info`, help: 'Always 1; the labels say which mailbridge agent runs.',
  labelNames: ['version', 'protocol', 'node'], registers: [metricsRegistry],
});
agentInfo.set({ version: MAILBRIDGE_VERSION, protocol: String(PROTOCOL_VERSION), node: process.versions.node }, 1);

const agentStart = new Gauge({ name: `${METRIC_PREFIX}agent_start_time_seconds`, help: 'When the agent started (Unix time).', registers: [metricsRegistry] });
agentStart.set(Date.now() / 1000);

const checkStatus = new Gauge({
  name: `${METRIC_PREFIX}check_status`,
  help: 'Latest result of each check per profile: 1 for the status it had, 0 for the others.',
  labelNames: ['profile', 'check', 'status'], registers: [metricsRegistry],
});
const checkResults = new Counter({
  name: `${METRIC_PREFIX}check_results_total`, help: 'Check results per profile, check id and status.',
  labelNames: ['profile', 'check', 'status'], registers: [metricsRegistry],
});
const checkLastRun = new Gauge({
  name: `${METRIC_PREFIX}check_last_run_timestamp_seconds`, help: 'When the checks of a profile last finished (Unix time).',
  labelNames: ['profile'], registers: [metricsRegistry],
});
const syncRuns = new Counter({
  name: `${METRIC_PREFIX}sync_runs_total`, help: 'Finished sync runs per profile and outcome (error: the run reported at least one error).',
  labelNames: ['profile', 'outcome'], registers: [metricsRegistry],
});
const syncDuration = new Histogram({
  name: `${METRIC_PREFIX}sync_duration_seconds`, help: 'Duration of sync runs per profile.',
  labelNames: ['profile'], buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600], registers: [metricsRegistry],
});
const syncLastSuccess = new Gauge({
  name: `${METRIC_PREFIX}sync_last_success_timestamp_seconds`, help: 'When a sync run of the profile last finished without errors (Unix time); alert on its age.',
  labelNames: ['profile'], registers: [metricsRegistry],
});
const syncItems = new Counter({
  name: `${METRIC_PREFIX}sync_items_total`, help: 'Items carried by sync per profile, change (created, updated, deleted, imported, ingested) and direction.',
  labelNames: ['profile', 'change', 'direction'], registers: [metricsRegistry],
});
const errors = new Counter({
  name: `${METRIC_PREFIX}errors_total`, help: 'Errors per diagnosis code (MB_…/Exchange code) and where they came from (check, sync).',
  labelNames: ['code', 'source'], registers: [metricsRegistry],
});
const throttleWaits = new Counter({ name: `${METRIC_PREFIX}throttle_waits_total`, help: 'Times Exchange asked mailbridge to wait (EWS ErrorServerBusy, Graph 429).', registers: [metricsRegistry] });
const throttleWaitSeconds = new Counter({ name: `${METRIC_PREFIX}throttle_wait_seconds_total`, help: 'Seconds spent waiting because Exchange throttled.', registers: [metricsRegistry] });

/** One check result; the status gauge keeps only the latest status per profile and check. */
export function recordCheckResult(profile: string, checkId: string, status: CheckStatusLabel): void {
  checkResults.inc({ profile, check: checkId, status });
  for (const s of CHECK_STATUSES) checkStatus.set({ profile, check: checkId, status: s }, s === status ? 1 : 0);
}

export function recordCheckRunFinished(profile: string, at: Date = new Date()): void {
  checkLastRun.set({ profile }, at.getTime() / 1000);
}

export function recordSyncRun(profile: string, outcome: SyncOutcome, durationMs: number, at: Date = new Date()): void {
  syncRuns.inc({ profile, outcome });
  syncDuration.observe({ profile }, durationMs / 1000);
  if (outcome === 'ok') syncLastSuccess.set({ profile }, at.getTime() / 1000);
}

export function recordItems(profile: string, change: string, direction: ItemDirection, count: number): void {
  if (count > 0) syncItems.inc({ profile, change, direction }, count);
}

export function recordError(code: string, source: 'check' | 'sync'): void {
  errors.inc({ code, source });
}

export function recordThrottleWait(waitMs: number): void {
  throttleWaits.inc();
  throttleWaitSeconds.inc(Math.max(0, waitMs) / 1000);
}

/** Prometheus text exposition of everything recorded. */
export function metricsText(): Promise<string> {
  return metricsRegistry.metrics();
}
