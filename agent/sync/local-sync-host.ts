/**
 * The sync subsystem in the CLI's own process, for when no agent runs (`mailbridge sync`,
 * `mailbridge items …`): the same store, profiles, secrets and SyncService the agent
 * would use, opened for the command and closed after it. When an agent runs, the CLI
 * goes through it instead (it is the only writer then).
 */
import pino from 'pino';
import { ProfileRepository } from '../profiles/profile-repository.js';
import { openSecretStore } from '../secrets/open-secret-store.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { openStore, type OpenedStore } from '../store/open-store.js';
import { configDir, stateDir, type Env } from '../../src/paths.js';
import { openConnectorFor } from './connector-factory.js';
import { SyncService, type SyncEvent } from './sync-service.js';
import { applySyncSettings, conflictAudit, type ConflictAudit, type SyncSettingsRequest, type SyncSettingsView } from './sync-settings-view.js';

export interface LocalSyncHost {
  service: SyncService;
  repository: ProfileRepository;
  store: OpenedStore;
  /** `sync.settings` without an agent: read or change a known profile's engine settings. */
  settings(request: SyncSettingsRequest): SyncSettingsView;
  /** `sync.conflicts` without an agent: a known profile's conflict audit, newest first. */
  conflicts(profile: string, limit: number): ConflictAudit;
}

export async function withLocalSync<T>(env: Env, fn: (host: LocalSyncHost) => Promise<T>, options: { schedule?: boolean; onEvent?: (event: SyncEvent) => void } = {}): Promise<T> {
  const dir = stateDir(env);
  const store = openStore({ stateDir: dir });
  let secrets: SecretStore | undefined;
  const repository = new ProfileRepository({ configDir: configDir(env) });
  try {
    const opened = secrets = await openSecretStore({ stateDir: dir, env });
    const service = new SyncService({
      db: store.db, stateDir: dir, log: pino({ level: 'silent' }),
      profiles: { get: (name) => repository.get(name), list: () => repository.list() },
      openConnector: (profile) => openConnectorFor(profile, opened),
      publish: (event) => options.onEvent?.(event),
      schedule: options.schedule ?? false,
    });
    try {
      return await fn({
        service, repository, store,
        // As the agent: settings and audits belong to a profile that exists (MB_PROFILE_NOT_FOUND otherwise).
        settings: (request) => {
          repository.require(request.profile);
          return applySyncSettings(service.books, request);
        },
        conflicts: (profile, limit) => {
          repository.require(profile);
          return conflictAudit(service.books, profile, limit);
        },
      });
    } finally {
      await service.stop();
    }
  } finally {
    await secrets?.close();
    repository.close();
    store.close();
  }
}
