/**
 * Store migration 4: change rounds in progress. A round is committed page by page (so a
 * folder of any size syncs in bounded memory), which means a round can be cut off between
 * two pages — by a crash, a shutdown or the mass-delete guard. What the rest of the round
 * needs to finish correctly lives here, written in each page's transaction:
 * - sync_round: the folder has a round in progress; whether it is a full listing (absence
 *   means deleted) and whether recurring series must be expanded again at its end;
 * - sync_round_seen: in a full round, the remote ids listed so far;
 * - sync_round_deletes: deletes reported so far, applied only at the round's end, after the
 *   mass-delete guard has seen all of them.
 */
import type { Migration } from '../store/migrate.js';

export const ROUND_LEDGER_MIGRATION: Migration = {
  version: 4,
  name: 'sync engine: change rounds committed page by page',
  up(db) {
    db.exec(`
      CREATE TABLE sync_round (
        profile    TEXT NOT NULL,
        mailbox    TEXT NOT NULL,
        folder_key TEXT NOT NULL,
        full       INTEGER NOT NULL CHECK (full IN (0, 1)),
        expand     INTEGER NOT NULL DEFAULT 0 CHECK (expand IN (0, 1)),
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (profile, mailbox, folder_key)
      ) STRICT;

      CREATE TABLE sync_round_seen (
        profile    TEXT NOT NULL,
        mailbox    TEXT NOT NULL,
        folder_key TEXT NOT NULL,
        remote_id  TEXT NOT NULL,
        PRIMARY KEY (profile, mailbox, folder_key, remote_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_round_deletes (
        profile    TEXT NOT NULL,
        mailbox    TEXT NOT NULL,
        folder_key TEXT NOT NULL,
        remote_id  TEXT NOT NULL,
        PRIMARY KEY (profile, mailbox, folder_key, remote_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
