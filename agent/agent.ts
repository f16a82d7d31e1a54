/**
 * The agent's composition root (AG-1): opens the store, the secret store and the
 * profile repository, starts the socket server with the method handlers, and takes
 * everything down in reverse order. `runAgentInForeground` adds the process concerns:
 * SIGTERM/SIGINT close the socket, remove the socket file, close the database, exit 0.
 */
import type { Logger } from 'pino';
import { configDir, socketPath, stateDir, type Env } from '../src/paths.js';
import { MAILBRIDGE_VERSION, PROTOCOL_VERSION } from '../src/version.js';
import { createAgentLogger } from './agent-logger.js';
import { createCheckRunService, type CheckRunService } from './check-run-port.js';
import { EventBus } from './events/event-bus.js';
import { createProfilePort } from './profile-port.js';
import { ProfileRepository } from './profiles/profile-repository.js';
import { rememberingSecretStore } from './logging/known-secret-values.js';
import type { LogRing } from './logging/log-ring.js';
import { openSecretStore } from './secrets/open-secret-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import { AgentServer } from './server/agent-server.js';
import { createMethodHandlers } from './server/handlers/method-handlers.js';
import type { ServiceHooks } from './service/service-hooks.js';
import { openStore, type OpenedStore } from './store/open-store.js';
import { createSyncSubsystem, type SyncSubsystem } from './sync/sync-wiring.js';

export interface RunningAgent {
  readonly socketPath: string;
  /** For the service layer (agent/service/: reload, metrics, readiness; issue #8). */
  readonly hooks: ServiceHooks;
  /** Stops serving and closes everything; safe to call more than once. */
  close(reason: string): Promise<void>;
}

export interface StartAgentOptions {
  /** The ring the log destination fills (agent/logging/service-log-destination.ts), served by `agent.logs`. */
  logs?: LogRing;
}

export async function startAgent(env: Env, log: Logger, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const dirs = { configDir: configDir(env), stateDir: stateDir(env), socketPath: socketPath(env) };
  await AgentServer.claim({ socketPath: dirs.socketPath, log, ownDirs: [dirs.stateDir] });
  const store = openStore({ stateDir: dirs.stateDir });
  log.info({ store: store.info(), migration: store.migration }, 'store opened');
  let secrets: SecretStore | undefined;
  let repository: ProfileRepository | undefined;
  try {
    secrets = rememberingSecretStore(await openSecretStore({ stateDir: dirs.stateDir, env }));
    log.info({ backend: secrets.backend.name, reason: secrets.backend.reason }, 'secret store opened');
    repository = await ProfileRepository.openForAgent({ configDir: dirs.configDir });
    const events = new EventBus();
    const sync = createSyncSubsystem({ store, stateDir: dirs.stateDir, repository, secrets, events, log, schedule: env.MAILBRIDGE_SYNC_SCHEDULE !== 'off' });
    const profiles = createProfilePort(repository, log, sync.profileSaved);
    const checks = createCheckRunService(repository, events, secrets);
    const handlers = createMethodHandlers({ ...dirs, startedAt: new Date(), store, secrets, profiles, events, log, jobs: () => [...checks.jobs(), ...sync.service.jobs()], checks, sync: sync.port, logs: options.logs });
    const server = await AgentServer.start({ socketPath: dirs.socketPath, handlers, log, ownDirs: [dirs.stateDir] });
    log.info({ agentVersion: MAILBRIDGE_VERSION, protocol: PROTOCOL_VERSION, socketPath: dirs.socketPath }, 'agent ready');
    const parts: Parts = { log, events, server, repository, secrets, store, checks, sync };
    const openRepository = repository;
    const hooks: ServiceHooks = {
      events, store, checkReport: (runId) => checks.report(runId), readProfiles: () => openRepository.list(),
      profileSaved: (profile, fields) => sync.profileSaved(profile, fields), jobs: () => [...checks.jobs(), ...sync.service.jobs()],
    };
    return { socketPath: dirs.socketPath, hooks, close: onceOnly((reason) => shutdown(reason, parts)) };
  } catch (error) {
    repository?.close();
    await secrets?.close();
    store.close();
    throw error;
  }
}

interface Parts {
  log: Logger;
  events: EventBus;
  server: AgentServer;
  repository: ProfileRepository;
  secrets: SecretStore;
  store: OpenedStore;
  checks: CheckRunService;
  sync: SyncSubsystem;
}

async function shutdown(reason: string, parts: Parts): Promise<void> {
  parts.log.info({ reason }, 'agent stopping');
  parts.events.publish({ type: 'agent.stopping', data: { reason } });
  await parts.server.close();
  await parts.checks.close();
  await parts.sync.close();
  parts.repository.close();
  await parts.secrets.close();
  parts.store.close();
  parts.log.info('agent stopped');
}

function onceOnly(fn: (reason: string) => Promise<void>): (reason: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (reason) => (running ??= fn(reason));
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * `mailbridge agent`: runs until SIGTERM or SIGINT, then resolves 0. Start-up failures
 * (socket taken, store locked, vault key wrong) reject with their OperatorError, which
 * the CLI prints with its fix and exit code 1.
 */
export async function runAgentInForeground(env: Env): Promise<number> {
  const log = createAgentLogger(env);
  let agent: RunningAgent;
  try {
    agent = await startAgent(env, log);
  } catch (error) {
    log.error({ err: error }, 'agent failed to start');
    throw error;
  }
  // A bug that escapes every handler ends the process (state may be inconsistent), but
  // with one clear fatal log line for journald; the next start replaces the stale socket.
  const crash = (kind: string) => (error: unknown) => {
    log.fatal({ err: error, kind }, 'agent crashed; this is a bug in mailbridge');
    process.exit(3);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of STOP_SIGNALS) process.once(name, () => resolve(name));
  });
  // A second signal during shutdown means "now": leave at once (the socket file may stay; the next start replaces it).
  for (const name of STOP_SIGNALS) process.once(name, () => process.exit(1));
  await agent.close(signal);
  // Everything is closed; should a library still hold the event loop, do not hang a supervisor's stop.
  setTimeout(() => process.exit(0), 2_000).unref();
  return 0;
}
