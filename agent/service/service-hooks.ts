/**
 * What the service layer (this folder: readiness, reload, metrics, shutdown deadline)
 * needs from a started agent, without reaching into its composition root.
 */
import type { CheckReport } from '../../src/checks/check-report.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';

export interface ServiceHooks {
  events: EventBus;
  store: Store;
  checkReport(runId: string): Promise<CheckReport>;
  /** profiles.json as it is on disk now, parsed (throws on a broken file). */
  readProfiles(): Profile[];
  /** The sync engine's save hook (EX-9): applied now, or after the profile's running sync. */
  profileSaved(profile: Profile, resyncFields: string[]): void;
  /** Names of the jobs (check runs, syncs) in flight, for STATUS= and the shutdown log. */
  jobs(): Array<{ kind: string; profile?: string }>;
}
