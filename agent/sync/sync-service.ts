/**
 * The agent's sync subsystem (AG-1): runs on demand (`sync.run`) and on each enabled
 * profile's interval with jitter (EX-7); one run per profile at a time — a request while
 * one runs joins it; a profile saved during a run is queued and applied when the run ends
 * (EX-9), and a change to a resync field makes the next run a full one; mailboxes of all
 * profiles share one bounded pool of slots; progress per mailbox and folder and the
 * summary go to the event bus (`sync.progress`, `sync.finished`).
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { OperatorError } from '../../src/errors/operator-error.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { RunningJob } from '../../src/protocol/schemas/agent-schemas.js';
import { SYNC_SUMMARY_SCHEMA, type SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';
import type { Connector } from '../connectors/connector.js';
import { ItemsService } from './items-service.js';
import { runProfileSync } from './profile-sync.js';
import { SyncBookkeeping } from './sync-bookkeeping.js';
import type { FolderProgress } from './sync-context.js';
import { syncErrorEntry } from './sync-error.js';
import { nextRunDelayMs, queueSave, type PendingSave } from './sync-schedule.js';
import { recordThrottleWait } from '../metrics/agent-metrics.js';
import { ThrottleGate } from './throttle-gate.js';
import { Semaphore } from './worker-pool.js';

export type SyncEvent =
  | { type: 'sync.progress'; data: FolderProgress }
  | { type: 'sync.finished'; data: { runId: string; profile: string; summary: SyncSummary } };

export interface SyncServiceDeps {
  db: BetterSqlite3.Database;
  stateDir: string;
  log: Logger;
  profiles: { get(name: string): Profile | undefined; list(): Profile[] };
  openConnector: (profile: Profile) => Promise<Connector>;
  publish: (event: SyncEvent) => void;
  /** Mailboxes syncing at once across all profiles (default 8). */
  mailboxSlots?: number;
  /** Run profiles on their interval (the agent: true; tests and `sync --once`: false). */
  schedule?: boolean;
  random?: () => number;
}

export interface RunHandle {
  runId: string;
  started: boolean;
  done: Promise<SyncSummary>;
}

interface ActiveRun {
  runId: string;
  startedAt: string;
  done: Promise<SyncSummary>;
}

export function unknownProfileError(name: string): OperatorError {
  return new OperatorError({
    code: 'MB_PROFILE_NOT_FOUND', family: 'config', field: 'profile', exitCode: 2,
    message: `no profile named "${name}"`,
    cause: 'The sync was asked for a profile the agent does not know.',
    fix: ['List the profiles with `mailbridge profile list` and use one of those names.'],
  });
}

export class SyncService {
  readonly items: ItemsService;
  readonly books: SyncBookkeeping;
  private readonly active = new Map<string, ActiveRun>();
  private readonly pending = new Map<string, PendingSave<Profile>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each scheduled timer fires (ISO), for the console's "next sync" (issue #6). */
  private readonly nextAt = new Map<string, string>();
  private readonly slots: Semaphore;
  private readonly gate = new ThrottleGate({ jitterMs: 250, onThrottled: (_mailbox, waitMs) => recordThrottleWait(waitMs) });
  private stopped = false;

  constructor(private readonly deps: SyncServiceDeps) {
    this.items = new ItemsService(deps.db);
    this.books = new SyncBookkeeping(deps.db);
    this.slots = new Semaphore(deps.mailboxSlots ?? 8);
  }

  /** Schedules every enabled profile (EX-6). */
  start(): void {
    if (!this.deps.schedule) return;
    for (const profile of this.deps.profiles.list()) this.scheduleNext(profile);
  }

  /** Starts a run of a profile, or joins the one that is going. */
  run(profileName: string, options: { full?: boolean; allowMassDelete?: boolean } = {}): RunHandle {
    const running = this.active.get(profileName);
    if (running) return { runId: running.runId, started: false, done: running.done };
    const profile = this.deps.profiles.get(profileName);
    if (!profile) throw unknownProfileError(profileName);
    const runId = randomUUID();
    const done = this.execute(profile, runId, options);
    this.active.set(profileName, { runId, startedAt: new Date().toISOString(), done });
    return { runId, started: true, done };
  }

  /** EX-9: called after a profile is saved; applied at once, or queued while its run is going. */
  profileSaved(profile: Profile, resyncFields: readonly string[]): { queued: boolean } {
    if (this.active.has(profile.name)) {
      this.pending.set(profile.name, queueSave(this.pending.get(profile.name), profile, resyncFields));
      this.deps.log.info({ profile: profile.name, resyncFields }, 'profile saved during a sync: applied when the sync ends (EX-9)');
      return { queued: true };
    }
    this.apply(profile, resyncFields.length > 0);
    return { queued: false };
  }

  jobs(): RunningJob[] {
    return [...this.active.entries()].map(([profile, run]) => ({ id: run.runId, kind: 'sync', profile, startedAt: run.startedAt }));
  }

  isRunning(profile: string): boolean {
    return this.active.has(profile);
  }

  /** When the scheduler starts the profile's next run; null when none is scheduled. */
  nextRunAt(profile: string): string | null {
    return this.nextAt.get(profile) ?? null;
  }

  /**
   * Stops scheduling and asks the runs in flight to stop (issue #8): each finishes the
   * folder step it is in (its transaction commits), skips the rest, and ends `partial`;
   * resolves when they have.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.nextAt.clear();
    await Promise.allSettled([...this.active.values()].map((r) => r.done));
  }

  private apply(profile: Profile, fullResync: boolean): void {
    if (fullResync) this.books.saveSettings(profile.name, { fullResyncPending: true });
    this.scheduleNext(profile);
  }

  private scheduleNext(profile: Profile): void {
    const existing = this.timers.get(profile.name);
    if (existing) clearTimeout(existing);
    this.timers.delete(profile.name);
    this.nextAt.delete(profile.name);
    if (!this.deps.schedule || this.stopped || !profile.enabled) return;
    const delay = nextRunDelayMs(profile.intervalMinutes, (this.deps.random ?? Math.random)());
    const timer = setTimeout(() => {
      this.timers.delete(profile.name);
      this.nextAt.delete(profile.name);
      try {
        this.run(profile.name);
      } catch (error) {
        this.deps.log.warn({ err: error, profile: profile.name }, 'scheduled sync not started');
      }
    }, delay);
    timer.unref();
    this.timers.set(profile.name, timer);
    this.nextAt.set(profile.name, new Date(Date.now() + delay).toISOString());
  }

  private async execute(profile: Profile, runId: string, options: { full?: boolean; allowMassDelete?: boolean }): Promise<SyncSummary> {
    const started = Date.now();
    let summary: SyncSummary;
    let connector: Connector | undefined;
    try {
      connector = await this.deps.openConnector(profile);
      summary = await runProfileSync({
        db: this.deps.db, stateDir: this.deps.stateDir, profile, connector, runId, slots: this.slots, gate: this.gate,
        full: options.full === true, allowMassDelete: options.allowMassDelete === true,
        progress: (data) => this.deps.publish({ type: 'sync.progress', data }),
        shouldStop: () => this.stopped,
      });
    } catch (error) {
      // The connector could not even be built (secret missing, CA file unreadable…): one error for the run.
      summary = {
        schema: SYNC_SUMMARY_SCHEMA, profile: profile.name, mailboxes: 0, created: 0, updated: 0, deleted: 0, imported: 0, ingested: 0, conflicts: 0,
        errors: [syncErrorEntry(error, '*')], roundTrips: 0, durationMs: Date.now() - started,
      };
    } finally {
      await connector?.close().catch(() => undefined);
    }
    this.active.delete(profile.name);
    const level = summary.errors.length > 0 ? 'warn' : 'info';
    this.deps.log[level]({ profile: profile.name, runId, summary: { ...summary, errors: summary.errors.map((e) => `${e.mailbox} ${e.folder ?? ''} ${e.code}`) } }, 'sync finished');
    this.deps.publish({ type: 'sync.finished', data: { runId, profile: profile.name, summary } });
    const queued = this.pending.get(profile.name);
    this.pending.delete(profile.name);
    if (queued) this.apply(queued.profile, queued.fullResync);
    else this.scheduleNext(this.deps.profiles.get(profile.name) ?? profile);
    return summary;
  }
}
