// Test kit for engine suites: a real SQLite store (all migrations) and state dir in a temp
// directory, a profile built through the real profile schema, and one-line sync runs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connector } from '../../agent/connectors/connector.js';
import { openStore, type OpenedStore } from '../../agent/store/open-store.js';
import { ItemsService } from '../../agent/sync/items-service.js';
import { runProfileSync, type ProfileSyncRequest } from '../../agent/sync/profile-sync.js';
import { SyncBookkeeping } from '../../agent/sync/sync-bookkeeping.js';
import { profileSchema, type Profile } from '../../src/profiles/profile-schema.js';
import type { SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';

export interface EngineKit {
  dir: string;
  store: OpenedStore;
  items: ItemsService;
  books: SyncBookkeeping;
  profile: Profile;
  sync(extra?: Partial<ProfileSyncRequest>): Promise<SyncSummary>;
  setProfile(patch: Record<string, unknown>): void;
  close(): void;
}

export function onpremProfile(staff: string[], patch: Record<string, unknown> = {}): Profile {
  return profileSchema.parse({
    kind: 'exchange-onprem', name: 'p1', intervalMinutes: 10, server: 'mail.example.test',
    credentials: { kind: 'password', user: 'svc' },
    export: { appointments: true, serviceCalls: true, accountManagerContacts: true, todos: true },
    staff: staff.map((user) => ({ user, enabled: true })),
    ...patch,
  });
}

export function onlineProfile(staff: string[], patch: Record<string, unknown> = {}): Profile {
  return profileSchema.parse({
    kind: 'exchange-online', name: 'p1', intervalMinutes: 10, tenant: 'contoso.example', clientId: '00000000-0000-0000-0000-000000000001',
    credentials: { kind: 'clientSecret' },
    export: { appointments: true, serviceCalls: true, accountManagerContacts: true, todos: true },
    staff: staff.map((user) => ({ user, enabled: true })),
    ...patch,
  });
}

export function createEngineKit(connector: Connector, profile: Profile): EngineKit {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-sync-'));
  const store = openStore({ stateDir: dir });
  const kit: EngineKit = {
    dir, store, profile,
    items: new ItemsService(store.db),
    books: new SyncBookkeeping(store.db),
    sync: (extra = {}) => runProfileSync({ db: store.db, stateDir: dir, profile: kit.profile, connector, ...extra }),
    setProfile: (patch) => { kit.profile = profileSchema.parse({ ...kit.profile, ...patch }); },
    close: () => { store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
  return kit;
}
