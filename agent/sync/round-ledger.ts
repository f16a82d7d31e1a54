/**
 * The bookkeeping of change rounds committed page by page (round-ledger-schema.ts): which
 * folders have a round in progress, what a full round has listed so far, and the deletes
 * held back for the round's end. Every write here belongs in the transaction of the page it
 * describes, next to that page's item writes and the folder's intermediate state.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ItemKind } from '../connectors/connector.js';
import { pluckedStatement, statement } from '../store/statement-cache.js';

export interface RoundInProgress {
  /** The round lists everything (it started from no state): absence means deleted. */
  full: boolean;
  /** A page already said recurring series must be expanded again. */
  expand: boolean;
}

/** One folder of one mailbox of one profile. */
export interface RoundKey {
  profile: string;
  mailbox: string;
  folderKey: string;
}

export class RoundLedger {
  constructor(private readonly db: BetterSqlite3.Database) {}

  current(key: RoundKey): RoundInProgress | null {
    const row = statement(this.db, 'SELECT full, expand FROM sync_round WHERE profile = ? AND mailbox = ? AND folder_key = ?')
      .get(key.profile, key.mailbox, key.folderKey) as { full: number; expand: number } | undefined;
    return row ? { full: row.full === 1, expand: row.expand === 1 } : null;
  }

  /** Starts a round, forgetting whatever an earlier unfinished one had noted. */
  begin(key: RoundKey, full: boolean): void {
    this.forget(key);
    statement(this.db, 'INSERT INTO sync_round (profile, mailbox, folder_key, full) VALUES (?, ?, ?, ?)').run(key.profile, key.mailbox, key.folderKey, full ? 1 : 0);
  }

  noteExpansion(key: RoundKey): void {
    statement(this.db, 'UPDATE sync_round SET expand = 1 WHERE profile = ? AND mailbox = ? AND folder_key = ?').run(key.profile, key.mailbox, key.folderKey);
  }

  markSeen(key: RoundKey, remoteIds: Iterable<string>): void {
    const insert = statement(this.db, 'INSERT OR IGNORE INTO sync_round_seen (profile, mailbox, folder_key, remote_id) VALUES (?, ?, ?, ?)');
    for (const id of remoteIds) insert.run(key.profile, key.mailbox, key.folderKey, id);
  }

  holdDeletes(key: RoundKey, remoteIds: Iterable<string>): void {
    const insert = statement(this.db, 'INSERT OR IGNORE INTO sync_round_deletes (profile, mailbox, folder_key, remote_id) VALUES (?, ?, ?, ?)');
    for (const id of remoteIds) insert.run(key.profile, key.mailbox, key.folderKey, id);
  }

  heldDeletes(key: RoundKey): string[] {
    return (pluckedStatement(this.db, 'SELECT remote_id FROM sync_round_deletes WHERE profile = ? AND mailbox = ? AND folder_key = ?').all(key.profile, key.mailbox, key.folderKey) as string[]);
  }

  /**
   * After a full listing: the remote ids of synced pairs of this kind that the round did not
   * list, leaving out `excludedTypes` (occurrences, which the recurring expansion owns).
   */
  unseenPairs(key: RoundKey, remoteKind: ItemKind, excludedTypes: readonly string[]): string[] {
    const marks = excludedTypes.map(() => '?').join(',');
    const typeFilter = excludedTypes.length ? `AND (m.remote_type IS NULL OR m.remote_type NOT IN (${marks}))` : '';
    return pluckedStatement(this.db, `SELECT m.remote_id FROM sync_item_map m
      WHERE m.profile = ? AND m.mailbox = ? AND m.remote_kind = ? AND m.remote_id IS NOT NULL ${typeFilter}
        AND NOT EXISTS (SELECT 1 FROM sync_round_seen s WHERE s.profile = m.profile AND s.mailbox = m.mailbox AND s.folder_key = ? AND s.remote_id = m.remote_id)`).all(key.profile, key.mailbox, remoteKind, ...excludedTypes, key.folderKey) as string[];
  }

  /** The round is over (or abandoned): nothing of it is kept. */
  forget(key: RoundKey): void {
    for (const table of ['sync_round', 'sync_round_seen', 'sync_round_deletes']) {
      statement(this.db, `DELETE FROM ${table} WHERE profile = ? AND mailbox = ? AND folder_key = ?`).run(key.profile, key.mailbox, key.folderKey);
    }
  }

  /** Every round of a profile (a full resync starts them all again, EX-9). */
  forgetProfile(profile: string): void {
    for (const table of ['sync_round', 'sync_round_seen', 'sync_round_deletes']) statement(this.db, `DELETE FROM ${table} WHERE profile = ?`).run(profile);
  }
}
