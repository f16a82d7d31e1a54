/**
 * `mailbridge agent` as a well-behaved daemon (issue #8, AG-1): logs to the terminal or
 * journald plus a capped file in the state directory, secret values scrubbed from every
 * line; `READY=1`/`STATUS=`/`STOPPING=1` to systemd when NOTIFY_SOCKET is set; the opt-in
 * Prometheus endpoint; SIGHUP reloads the profiles without interrupting a sync; SIGTERM
 * and SIGINT stop within a bounded time.
 *
 * Shutdown: the socket closes first (its file is removed), check runs are cancelled, and
 * the sync engine lets each running sync finish — every folder round commits its items
 * and its sync state in one SQLite transaction, so stopping between rounds is a
 * checkpoint. If that takes longer than the deadline (MAILBRIDGE_SHUTDOWN_TIMEOUT_MS,
 * default 8 s, under the unit's TimeoutStopSec), the process exits anyway: whatever was
 * not committed is read again by the next run, nothing is half-applied.
 */
import type { Logger } from 'pino';
import { OperatorError } from '../../src/errors/operator-error.js';
import { stateDir, type Env } from '../../src/paths.js';
import { createAgentLogger, defaultDestination } from '../agent-logger.js';
import { startAgent, type RunningAgent } from '../agent.js';
import { createServiceLogDestination } from '../logging/service-log-destination.js';
import { parseListenAddress, type ListenAddress } from '../metrics/listen-address.js';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server.js';
import { observeForMetrics } from '../metrics/metrics-observer.js';
import { ProfileReloader, type ProfileReloadOutcome } from './profile-reload.js';
import { createServiceNotifier, type ServiceNotifier } from './service-notifier.js';
import type { ServiceHooks } from './service-hooks.js';
import { applyAgentV8Flags } from '../../src/runtime/agent-node-options.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8_000;

export interface AgentServiceOptions {
  /** `--metrics HOST:PORT`; no endpoint when absent. */
  metrics?: string;
  /** `--log-level`; overrides MAILBRIDGE_LOG_LEVEL. */
  logLevel?: string;
}

function invalidLevel(level: string): OperatorError {
  return new OperatorError({
    code: 'MB_LOG_LEVEL_INVALID', family: 'config', field: '--log-level', exitCode: 2,
    message: `unknown log level "${level}"`,
    cause: 'The log level names how much the agent logs.',
    fix: [`Use one of ${LOG_LEVELS.join(', ')} (default info), with --log-level or MAILBRIDGE_LOG_LEVEL.`],
  });
}

function shutdownTimeoutMs(env: Env): number {
  const value = Number(env.MAILBRIDGE_SHUTDOWN_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_SHUTDOWN_TIMEOUT_MS;
}

function readyStatus(hooks: ServiceHooks, metrics: MetricsServer | undefined): string {
  let profiles = 0;
  try {
    profiles = hooks.readProfiles().length;
  } catch {
    // a broken file is in the log already
  }
  return `Serving ${profiles} profile${profiles === 1 ? '' : 's'}${metrics ? `; metrics on ${metrics.url}` : ''}`;
}

function reloadStatus(outcome: ProfileReloadOutcome): string {
  if (!outcome.ok) return `Reload refused (profiles.json invalid); keeping the previous profiles`;
  return `Profiles reloaded: ${outcome.created.length} new, ${outcome.updated.length} changed, ${outcome.deleted.length} removed`;
}

/** Runs the agent until SIGTERM/SIGINT; resolves the exit code (0). Start-up failures reject with their OperatorError. */
export async function runAgentService(baseEnv: Env, options: AgentServiceOptions = {}): Promise<number> {
  // However the agent was started (unit, console, by hand): its memory profile (src/runtime/agent-node-options.ts).
  applyAgentV8Flags();
  const level = options.logLevel?.toLowerCase() ?? baseEnv.MAILBRIDGE_LOG_LEVEL?.toLowerCase();
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) throw invalidLevel(level);
  const env: Env = { ...baseEnv, ...(level ? { MAILBRIDGE_LOG_LEVEL: level } : {}) };
  const metricsAddress: ListenAddress | undefined = options.metrics !== undefined ? parseListenAddress(options.metrics) : undefined;

  // SIGHUP's default action kills the process: catch it from the first moment, and reload once ready.
  // One permanent listener dispatching to the current behaviour: removing and re-adding
  // signal listeners can leave two native handles behind, each delivering the signal.
  let hangupBeforeReady = false;
  let onHangup: () => void = () => (hangupBeforeReady = true);
  process.on('SIGHUP', () => onHangup());
  const destination = createServiceLogDestination(stateDir(env), defaultDestination(env));
  const log = createAgentLogger(env, destination);
  const notifier = createServiceNotifier(env, log);
  let agent: RunningAgent;
  let metrics: MetricsServer | undefined;
  try {
    agent = await startAgent(env, log, { logs: destination.records });
  } catch (error) {
    log.error({ err: error }, 'agent failed to start');
    destination.close();
    throw error;
  }
  try {
    if (metricsAddress) metrics = await startMetricsServer(metricsAddress, log);
  } catch (error) {
    log.error({ err: error }, 'agent failed to start');
    await agent.close('metrics endpoint failed');
    destination.close();
    throw error;
  }
  const stopObserving = observeForMetrics({ events: agent.hooks.events, checkReport: agent.hooks.checkReport, store: agent.hooks.store, log });
  onHangup = watchReloads(agent.hooks, log, notifier, metrics);
  if (hangupBeforeReady) onHangup();

  // A bug that escapes every handler ends the process with one clear fatal line (exit 3).
  const crash = (kind: string) => (error: unknown) => {
    log.fatal({ err: error, kind }, 'agent crashed; this is a bug in mailbridge');
    process.exit(3);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));

  await notifier.ready(readyStatus(agent.hooks, metrics));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT'] as const) process.once(name, () => resolve(name));
  });
  // A second signal during shutdown means "now".
  for (const name of ['SIGTERM', 'SIGINT'] as const) process.once(name, () => process.exit(1));
  onHangup = () => log.info('SIGHUP during shutdown: ignored');

  const inFlight = agent.hooks.jobs();
  log.info({ signal, jobs: inFlight.map((j) => `${j.kind}:${j.profile ?? '-'}`) }, inFlight.length > 0 ? 'stopping: letting running work reach its checkpoint' : 'stopping');
  await notifier.stopping(inFlight.length > 0 ? `Stopping: finishing ${inFlight.length} running job(s)` : 'Stopping');
  const deadlineMs = shutdownTimeoutMs(env);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deadlineMs)));
  const closing = (async () => {
    stopObserving();
    await metrics?.close();
    await agent.close(signal);
    return 'closed' as const;
  })();
  const how = await Promise.race([closing, deadline]);
  clearTimeout(timer);
  if (how === 'deadline') {
    log.warn({ deadlineMs, jobs: agent.hooks.jobs().map((j) => `${j.kind}:${j.profile ?? '-'}`) }, 'shutdown deadline reached: exiting; work not committed is read again by the next run');
  }
  destination.close();
  // Everything is closed; should a library still hold the event loop, do not hang a supervisor's stop.
  setTimeout(() => process.exit(0), how === 'deadline' ? 0 : 2_000).unref();
  return 0;
}

/** The SIGHUP behaviour once the agent is up: reload the profiles. */
function watchReloads(hooks: ServiceHooks, log: Logger, notifier: ServiceNotifier, metrics: MetricsServer | undefined): () => void {
  const reloader = new ProfileReloader({ read: hooks.readProfiles, publish: (event) => hooks.events.publish(event), onSaved: hooks.profileSaved, log });
  // Saves through the socket are applied by the agent already; the next reload must not report them again.
  hooks.events.subscribe((method) => {
    if (method === 'profiles.changed') reloader.remember();
    return true;
  }, ['profiles']).start(null);
  let reloading = false;
  return () => {
    // Signals can arrive in a burst (and Node may deliver one twice): one reload at a time covers them all.
    if (reloading) return;
    reloading = true;
    log.info('SIGHUP: reloading profiles');
    void notifier.reloading('Reloading profiles')
      .then(() => {
        const outcome = reloader.reload();
        log.info({ outcome }, 'profiles reload finished');
        return notifier.ready(`${reloadStatus(outcome)}; ${readyStatus(hooks, metrics)}`);
      })
      .catch((error: unknown) => log.error({ err: error }, 'profile reload failed'))
      .finally(() => (reloading = false));
  };
}
