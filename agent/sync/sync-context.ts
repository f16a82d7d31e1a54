/**
 * What one mailbox's sync needs, in one object: the connector, the stores, the profile's
 * options as the engine reads them, the run's counters and its progress sink. Built per
 * run by the profile runner (profile-sync.ts); the folder modules only read it.
 */
import type { Connector, FolderRef } from '../connectors/connector.js';
import type { ConflictPolicy } from './conflict-policy.js';
import type { DocumentStore } from './document-store.js';
import type { PrefetchedPages } from './idle-poll.js';
import type { ImportOptions } from './import-options.js';
import type { LocalStore } from './local-store.js';
import type { MassDeleteSettings } from './mass-delete-guard.js';
import type { SyncBookkeeping } from './sync-bookkeeping.js';
import type { WindowSettings } from './sync-windows.js';
import type { ThrottleGate } from './throttle-gate.js';

export interface ExportSwitches {
  appointments: boolean;
  serviceCalls: boolean;
  accountManagerContacts: boolean;
  todos: boolean;
}

/** The profile as the engine reads it (built from a validated Profile by profile-options.ts). */
export interface SyncOptions {
  profile: string;
  export: ExportSwitches;
  import: ImportOptions;
  windows: WindowSettings;
  conflictPolicy: ConflictPolicy;
  massDelete: MassDeleteSettings;
  /** O365-3: mail folders to ingest from staff mailboxes (paths), plus Sent Items when chosen. */
  mailFolders: string[];
  includeSentItems: boolean;
  /** Changes per page asked of the connector. */
  pageSize: number;
}

export interface SyncCounts {
  created: number;
  updated: number;
  deleted: number;
  imported: number;
  ingested: number;
  conflicts: number;
}

export function zeroCounts(): SyncCounts {
  return { created: 0, updated: 0, deleted: 0, imported: 0, ingested: 0, conflicts: 0 };
}

export function addCounts(into: SyncCounts, from: SyncCounts): void {
  for (const key of Object.keys(into) as Array<keyof SyncCounts>) into[key] += from[key];
}

export interface FolderProgress {
  runId: string;
  profile: string;
  mailbox: string;
  folder: string;
  phase: 'started' | 'finished' | 'failed';
  counts?: SyncCounts;
  error?: string;
}

export interface MailboxSyncContext {
  runId: string;
  connector: Connector;
  local: LocalStore;
  books: SyncBookkeeping;
  documents: DocumentStore;
  gate: ThrottleGate;
  options: SyncOptions;
  mailbox: string;
  /** Read every folder again from an empty state and reconcile (--full, EX-9, resync). */
  full: boolean;
  /** The operator confirmed a guarded mass delete (`--allow-mass-delete`). */
  allowMassDelete: boolean;
  now: () => Date;
  counts: SyncCounts;
  progress: (event: FolderProgress) => void;
  /**
   * True once the agent is shutting down (issue #8): checked between folder steps, so the
   * step in progress finishes (its transaction commits) and the rest waits for the next run.
   */
  shouldStop?: () => boolean;
  /** First pages fetched ahead in one batch for many folders (idle-poll.ts), taken by state. */
  prefetched?: PrefetchedPages;
}

/** A connector call for this mailbox through the throttle gate. */
export function call<T>(ctx: MailboxSyncContext, fn: (connector: Connector) => Promise<T>): Promise<T> {
  return ctx.gate.run(ctx.mailbox.toLowerCase(), () => fn(ctx.connector));
}

export function wellKnown(name: 'calendar' | 'contacts' | 'tasks' | 'inbox' | 'sentitems'): FolderRef {
  return { wellKnown: name };
}
