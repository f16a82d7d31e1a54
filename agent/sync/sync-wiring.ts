/**
 * Assembles the sync subsystem for the agent's composition root: the SyncService over the
 * agent's store, connectors built from the profile repository and secret store, events on
 * the bus, and the SyncPort the socket handlers use. Kept here so agent/agent.ts gains a
 * few lines only.
 */
import type { Logger } from 'pino';
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { ProfileRepository } from '../profiles/profile-repository.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SyncPort } from '../server/handlers/sync-methods.js';
import type { Store } from '../store/store.js';
import { openConnectorFor } from './connector-factory.js';
import { SyncRunHistory } from './sync-run-history.js';
import { SyncService } from './sync-service.js';

export interface SyncSubsystem {
  service: SyncService;
  port: SyncPort;
  /** For the profile port: a profile was saved (EX-9 queueing and resync). */
  profileSaved(profile: Profile, resyncFields: readonly string[]): void;
  close(): Promise<void>;
}

export function createSyncSubsystem(deps: { store: Store; stateDir: string; repository: ProfileRepository; secrets: SecretStore; events: EventBus; log: Logger; schedule?: boolean }): SyncSubsystem {
  const service = new SyncService({
    db: deps.store.db, stateDir: deps.stateDir, log: deps.log,
    profiles: { get: (name) => deps.repository.get(name), list: () => deps.repository.list() },
    openConnector: (profile) => openConnectorFor(profile, deps.secrets),
    publish: (event) => deps.events.publish(event),
    schedule: deps.schedule ?? true,
  });
  service.start();
  const history = new SyncRunHistory(deps.store.db);
  return {
    service,
    port: { items: service.items, books: service.books, run: (name, options) => service.run(name, options), hasProfile: (name) => deps.repository.get(name) !== undefined,
      overview: {
        recentRuns: (profile, limit) => history.recent(profile, limit), lastFinishedRun: (profile) => history.lastFinished(profile),
        nextRunAt: (profile) => service.nextRunAt(profile), isRunning: (profile) => service.isRunning(profile),
      } },
    profileSaved: (profile, fields) => { service.profileSaved(profile, fields); },
    close: () => service.stop(),
  };
}
