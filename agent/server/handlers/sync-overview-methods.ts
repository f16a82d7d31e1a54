/**
 * `sync.overview` and `sync.history` over the socket (issue #6 on the engine of #7): per
 * profile the latest finished run, the scheduler's next run time and whether a run is
 * going; and the stored runs newest first, so the console shows runs from before it
 * opened. Read-only adapters over the sync subsystem's SyncOverviewPort.
 */
import { OperatorError } from '../../../src/errors/operator-error.js';
import type { SyncRunRecord } from '../../../src/protocol/schemas/sync-overview-schemas.js';
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';

/** What the overview needs of the sync subsystem (agent/sync/sync-wiring.ts builds it). */
export interface SyncOverviewPort {
  recentRuns(profile: string | undefined, limit: number): SyncRunRecord[];
  lastFinishedRun(profile: string): SyncRunRecord | null;
  nextRunAt(profile: string): string | null;
  isRunning(profile: string): boolean;
}

function unavailable(): OperatorError {
  return new OperatorError({
    code: 'MB_SYNC_UNAVAILABLE', family: 'other',
    message: 'this agent has no sync subsystem',
    cause: 'The agent was started without the sync engine (an embedded or test agent).',
    fix: ['Start the full agent (`mailbridge agent`) and try again.'],
  });
}

export function syncOverviewMethods(services: AgentServices): Pick<MethodHandlers, 'sync.overview' | 'sync.history'> {
  const overview = (): SyncOverviewPort => {
    const port = services.sync?.overview;
    if (!port) throw unavailable();
    return port;
  };
  return {
    'sync.overview': async () => {
      const port = overview();
      const { profiles } = await services.profiles.list();
      return {
        profiles: profiles.map(({ name }) => ({
          profile: name, lastRun: port.lastFinishedRun(name), nextRunAt: port.nextRunAt(name), running: port.isRunning(name),
        })),
      };
    },
    'sync.history': (p) => ({ runs: overview().recentRuns(p.profile, p.limit) }),
  };
}
