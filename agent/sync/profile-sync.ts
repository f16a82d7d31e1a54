/**
 * One sync run of one profile: every enabled staff mailbox and shared mailbox, spread
 * over a bounded worker pool, each with its own context and counters; the run is
 * recorded in sync_runs and ends in the `mailbridge.sync-summary/v1` document. A pending
 * full resync (EX-9 field change) clears the folder states first, inside the run, so the
 * next rounds reconcile by id instead of duplicating. Before the mailboxes, the idle polls of
 * all of them go out together where the protocol batches them (idle-poll.ts).
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { SYNC_SUMMARY_SCHEMA, type SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';
import type { Connector } from '../connectors/connector.js';
import { DocumentStore } from './document-store.js';
import { LocalStore } from './local-store.js';
import { syncMailbox } from './mailbox-sync.js';
import { mailboxesOf, syncOptionsOf } from './profile-options.js';
import { SyncBookkeeping } from './sync-bookkeeping.js';
import { addCounts, zeroCounts, type FolderProgress, type MailboxSyncContext } from './sync-context.js';
import { syncErrorEntry, type SyncErrorEntry } from './sync-error.js';
import { failureNotice, failureNoticeDue, notificationAddresses } from './sync-notices.js';
import { ThrottleGate } from './throttle-gate.js';
import { prefetchIdlePolls, PrefetchedPages } from './idle-poll.js';
import { exportPublicContacts, PUBLIC_CONTACTS_MAILBOX } from './public-contacts-sync.js';
import { runPool, type Semaphore } from './worker-pool.js';

export const DEFAULT_MAILBOX_CONCURRENCY = 4;

export interface ProfileSyncRequest {
  db: BetterSqlite3.Database;
  stateDir: string;
  profile: Profile;
  connector: Connector;
  runId?: string;
  full?: boolean;
  allowMassDelete?: boolean;
  /** Mailboxes synced at the same time (default 4). */
  concurrency?: number;
  pageSize?: number;
  gate?: ThrottleGate;
  /** Mailbox slots shared across profiles (the agent's bounded worker pool). */
  slots?: Semaphore;
  now?: () => Date;
  progress?: (event: FolderProgress) => void;
  /**
   * Graceful shutdown (issue #8): checked before each mailbox and between folder steps;
   * once true the run finishes the step in progress and ends as `partial`.
   */
  shouldStop?: () => boolean;
}

export async function runProfileSync(request: ProfileSyncRequest): Promise<SyncSummary> {
  const started = Date.now();
  const runId = request.runId ?? randomUUID();
  const local = new LocalStore(request.db);
  const books = new SyncBookkeeping(request.db);
  const documents = new DocumentStore(request.db, request.stateDir);
  const settings = books.settings(request.profile.name);
  const full = request.full === true || settings.fullResyncPending;
  if (settings.fullResyncPending) {
    local.transaction(() => {
      books.clearFolderStates(request.profile.name);
      books.saveSettings(request.profile.name, { fullResyncPending: false });
    });
  }
  // EWS SyncFolderItems takes up to 512 changes per call; Graph pages are sized by Prefer: odata.maxpagesize.
  const options = syncOptionsOf(request.profile, settings, request.pageSize ?? (request.connector.protocol === 'ews' ? 512 : 200));
  const gate = request.gate ?? new ThrottleGate();
  const totals = zeroCounts();
  const errors: SyncErrorEntry[] = [];
  const roundTripsBefore = request.connector.stats().roundTrips;
  books.startRun(runId, request.profile.name, full);
  const mailboxes = mailboxesOf(request.profile);

  const now = request.now ?? (() => new Date());
  // Idle polls of every mailbox in as few round trips as the protocol allows; a failed prefetch only costs the per-folder requests.
  const prefetched = await prefetchIdlePolls({
    connector: request.connector, books, gate, options, full, now: now(), mailboxes,
  }).catch(() => new PrefetchedPages());
  const inSlot = <T>(work: () => Promise<T>): Promise<T> => (request.slots ? request.slots.use(work) : work());
  let stopped = false;
  await runPool(mailboxes, request.concurrency ?? DEFAULT_MAILBOX_CONCURRENCY, (mb) => inSlot(async () => {
    if (request.shouldStop?.() === true) { stopped = true; return; }
    const ctx: MailboxSyncContext = {
      runId, connector: request.connector, local, books, documents, gate, options, mailbox: mb.address,
      full, allowMassDelete: request.allowMassDelete === true, now,
      counts: zeroCounts(), progress: request.progress ?? (() => undefined), prefetched,
      ...(request.shouldStop ? { shouldStop: request.shouldStop } : {}),
    };
    try {
      const outcome = await syncMailbox(ctx, mb.role, mb.ingestMail);
      errors.push(...outcome.errors);
      if (outcome.stopped) stopped = true;
    } catch (error) {
      errors.push(syncErrorEntry(error, mb.address));
    }
    addCounts(totals, ctx.counts);
  }));
  // EX-12: the public folder of all contacts, once per run (not per mailbox); EWS only.
  if (!stopped) await exportPublicContacts({ runId, profile: request.profile, connector: request.connector, local, gate, totals, errors, progress: request.progress, shouldStop: request.shouldStop });

  const summary: SyncSummary = {
    schema: SYNC_SUMMARY_SCHEMA, profile: request.profile.name, mailboxes: mailboxes.length, ...totals, errors,
    roundTrips: request.connector.stats().roundTrips - roundTripsBefore, durationMs: Date.now() - started,
  };
  // The public contacts folder is no mailbox: its failure alone makes a run partial, never failed.
  const failedMailboxes = new Set(errors.map((e) => e.mailbox).filter((m) => m !== PUBLIC_CONTACTS_MAILBOX)).size;
  const outcome = stopped ? 'partial' : errors.length === 0 ? 'ok' : failedMailboxes < mailboxes.length ? 'partial' : 'failed';
  books.finishRun(runId, outcome, summary);
  // A run cut short by shutdown sends no failure notice: the next run finishes the work.
  if (stopped) return summary;
  await sendFailureNotice(request, summary, books, runId, mailboxes.filter((m) => m.role === 'staff' && !errors.some((e) => e.mailbox === m.address)).map((m) => m.address));
  return summary;
}

/** EX-11: the notification addresses hear of a failure once, sent from a mailbox that synced fine. */
async function sendFailureNotice(request: ProfileSyncRequest, summary: SyncSummary, books: SyncBookkeeping, runId: string, healthy: string[]): Promise<void> {
  const to = notificationAddresses(request.profile.notificationAddresses);
  const from = healthy[0];
  if (to.length === 0 || !from || !failureNoticeDue(summary, books.previousOutcome(request.profile.name, runId))) return;
  try {
    await request.connector.sendMail(from, failureNotice(summary, to));
  } catch (error) {
    // The log and the console have the summary; a notice that cannot be sent must not hide it.
    request.progress?.({ runId, profile: request.profile.name, mailbox: from, folder: 'notification', phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}
