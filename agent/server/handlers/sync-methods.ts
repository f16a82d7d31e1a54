/**
 * `items.upsert`, `items.delete`, `items.list`, `items.changes`, `sync.run`, `sync.settings`,
 * `sync.conflicts` and `sync.status` over the
 * socket (issue #7). The work lives in agent/sync (ItemsService, SyncService); this module
 * only adapts it to the method table. `sync.run` answers with the run id at once (or, with
 * `wait`, with the summary when the run ends); progress arrives as `sync.progress` and the
 * end as `sync.finished` on the `runs` topic.
 */
import { OperatorError } from '../../../src/errors/operator-error.js';
import type { ItemsService } from '../../sync/items-service.js';
import type { SyncBookkeeping } from '../../sync/sync-bookkeeping.js';
import type { SyncService } from '../../sync/sync-service.js';
import { applySyncSettings, conflictAudit } from '../../sync/sync-settings-view.js';
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';
import type { SyncOverviewPort } from './sync-overview-methods.js';

/** What the handlers need of the sync subsystem. */
export interface SyncPort {
  items: Pick<ItemsService, 'upsert' | 'delete' | 'list' | 'changes'>;
  run: SyncService['run'];
  books: Pick<SyncBookkeeping, 'settings' | 'saveSettings' | 'conflicts' | 'userStatus'>;
  /** Whether the agent knows the profile (items are kept per profile). */
  hasProfile(name: string): boolean;
  /** Run history and schedule for `sync.overview` / `sync.history`. */
  overview?: SyncOverviewPort;
}

function unavailable(): OperatorError {
  return new OperatorError({
    code: 'MB_SYNC_UNAVAILABLE', family: 'other',
    message: 'this agent has no sync subsystem',
    cause: 'The agent was started without the sync engine (an embedded or test agent).',
    fix: ['Start the full agent (`mailbridge agent`) and try again.'],
  });
}

function unknownProfile(name: string): OperatorError {
  return new OperatorError({
    code: 'MB_PROFILE_NOT_FOUND', family: 'config', field: 'profile', exitCode: 2,
    message: `no profile named "${name}"`,
    cause: 'Items and syncs belong to a profile the agent knows.',
    fix: ['List the profiles with `mailbridge profile list` and use one of those names.'],
  });
}

type SyncMethodName = 'items.upsert' | 'items.delete' | 'items.list' | 'items.changes' | 'sync.run' | 'sync.settings' | 'sync.conflicts' | 'sync.status';

export function syncMethods(services: AgentServices): Pick<MethodHandlers, SyncMethodName> {
  const port = (profile: string): SyncPort => {
    const sync = services.sync;
    if (!sync) throw unavailable();
    if (!sync.hasProfile(profile)) throw unknownProfile(profile);
    return sync;
  };
  return {
    'items.upsert': (p) => ({ items: port(p.profile).items.upsert(p.profile, p.items) }),
    'items.delete': (p) => port(p.profile).items.delete(p.profile, p.localIds),
    'items.list': (p) => port(p.profile).items.list(p),
    'items.changes': (p) => port(p.profile).items.changes(p.profile, p.since, p.limit),
    'sync.run': async (p) => {
      const handle = port(p.profile).run(p.profile, { full: p.full, allowMassDelete: p.allowMassDelete });
      if (!p.wait) return { runId: handle.runId, started: handle.started };
      return { runId: handle.runId, started: handle.started, summary: await handle.done };
    },
    'sync.settings': (p) => applySyncSettings(port(p.profile).books, p),
    'sync.conflicts': (p) => conflictAudit(port(p.profile).books, p.profile, p.limit),
    'sync.status': (p) => ({ users: port(p.profile).books.userStatus(p.profile) }),
  };
}
