/**
 * The sync engine's tables, as one store migration (appended to agent/store/migrations.ts).
 *
 * - sync_items: the business application's side (appointments, service calls, contacts,
 *   to-dos), one row per item with a stable local id; a deleted item stays as a row with
 *   deleted_at set, so `items.changes` can report the delete. change_seq is the cursor.
 * - sync_item_map: local id ↔ remote id + change key + hash of the content last synced,
 *   per mailbox (the vdirsyncer/CalDav Synchronizer "relation"). remote_id NULL with
 *   create_started_at set = a create was sent whose answer may be lost: look it up by the
 *   local-id property before creating again.
 * - sync_tombstones: deletes on either side, until propagated to the other.
 * - sync_folder_state: the connector's opaque next state per folder, written only in the
 *   transaction that stores the changes it covers.
 * - sync_conflicts: every conflict and how the policy decided it (console audit view).
 * - sync_runs, sync_user_status (EX-15 last attempt/result), sync_documents (O365-3/-4
 *   mail index), sync_mail_selection (when each folder selection was saved),
 *   sync_profile_settings (conflict policy, mass-delete guard, pending full resync).
 */
import type { Migration } from '../store/migrate.js';

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const SYNC_SCHEMA_MIGRATION: Migration = {
  version: 2,
  name: 'sync engine: items, mapping, tombstones, folder state, conflicts, runs, user status, documents',
  up(db) {
    db.exec(`
      CREATE TABLE sync_items (
        local_id   TEXT PRIMARY KEY,
        profile    TEXT NOT NULL,
        mailbox    TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('appointment', 'serviceCall', 'contact', 'todo')),
        origin     TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
        data       TEXT NOT NULL CHECK (json_valid(data)),
        updated_at TEXT NOT NULL DEFAULT ${NOW},
        deleted_at TEXT,
        change_seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sync_items_by_owner ON sync_items (profile, mailbox, kind);
      CREATE UNIQUE INDEX sync_items_by_seq ON sync_items (change_seq);

      CREATE TABLE sync_counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_item_map (
        profile           TEXT NOT NULL,
        mailbox           TEXT NOT NULL,
        local_id          TEXT NOT NULL,
        remote_kind       TEXT NOT NULL CHECK (remote_kind IN ('appointment', 'contact', 'task')),
        remote_id         TEXT,
        remote_type       TEXT,
        change_key        TEXT,
        synced_hash       TEXT,
        synced_data       TEXT CHECK (synced_data IS NULL OR json_valid(synced_data)),
        synced_at         TEXT,
        create_started_at TEXT,
        PRIMARY KEY (profile, mailbox, local_id)
      ) STRICT;
      CREATE UNIQUE INDEX sync_item_map_by_remote ON sync_item_map (profile, mailbox, remote_id) WHERE remote_id IS NOT NULL;

      CREATE TABLE sync_tombstones (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        profile       TEXT NOT NULL,
        mailbox       TEXT NOT NULL,
        local_id      TEXT NOT NULL,
        kind          TEXT NOT NULL,
        remote_id     TEXT,
        origin        TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
        deleted_at    TEXT NOT NULL DEFAULT ${NOW},
        propagated_at TEXT
      ) STRICT;
      CREATE INDEX sync_tombstones_pending ON sync_tombstones (profile, mailbox, propagated_at);

      CREATE TABLE sync_folder_state (
        profile    TEXT NOT NULL,
        mailbox    TEXT NOT NULL,
        folder_key TEXT NOT NULL,
        kind       TEXT NOT NULL,
        state      TEXT,
        window     TEXT CHECK (window IS NULL OR json_valid(window)),
        updated_at TEXT NOT NULL DEFAULT ${NOW},
        PRIMARY KEY (profile, mailbox, folder_key)
      ) STRICT;

      CREATE TABLE sync_conflicts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        at              TEXT NOT NULL DEFAULT ${NOW},
        run_id          TEXT,
        profile         TEXT NOT NULL,
        mailbox         TEXT NOT NULL,
        local_id        TEXT NOT NULL,
        remote_id       TEXT,
        kind            TEXT NOT NULL,
        policy          TEXT NOT NULL,
        winner          TEXT NOT NULL CHECK (winner IN ('exchange', 'application')),
        reason          TEXT NOT NULL,
        local_data      TEXT CHECK (local_data IS NULL OR json_valid(local_data)),
        remote_data     TEXT CHECK (remote_data IS NULL OR json_valid(remote_data)),
        local_modified  TEXT,
        remote_modified TEXT
      ) STRICT;
      CREATE INDEX sync_conflicts_by_profile ON sync_conflicts (profile, at);

      CREATE TABLE sync_runs (
        id          TEXT PRIMARY KEY,
        profile     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        full        INTEGER NOT NULL DEFAULT 0,
        outcome     TEXT CHECK (outcome IN ('ok', 'failed', 'partial')),
        summary     TEXT CHECK (summary IS NULL OR json_valid(summary))
      ) STRICT;
      CREATE INDEX sync_runs_by_profile ON sync_runs (profile, started_at);

      CREATE TABLE sync_user_status (
        profile         TEXT NOT NULL,
        mailbox         TEXT NOT NULL,
        last_attempt_at TEXT,
        last_result     TEXT CHECK (last_result IS NULL OR last_result IN ('ok', 'failed', 'running')),
        last_error      TEXT CHECK (last_error IS NULL OR json_valid(last_error)),
        last_success_at TEXT,
        confirmed_at    TEXT,
        PRIMARY KEY (profile, mailbox)
      ) STRICT;

      CREATE TABLE sync_documents (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        profile      TEXT NOT NULL,
        mailbox      TEXT NOT NULL,
        folder_path  TEXT NOT NULL,
        message_id   TEXT NOT NULL,
        remote_id    TEXT NOT NULL,
        subject      TEXT,
        sender       TEXT,
        received_at  TEXT,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        file         TEXT NOT NULL,
        ingested_at  TEXT NOT NULL DEFAULT ${NOW}
      ) STRICT;
      CREATE UNIQUE INDEX sync_documents_by_message_id ON sync_documents (profile, message_id);

      CREATE TABLE sync_mail_selection (
        profile     TEXT NOT NULL,
        mailbox     TEXT NOT NULL,
        folder_path TEXT NOT NULL,
        saved_at    TEXT NOT NULL,
        PRIMARY KEY (profile, mailbox, folder_path)
      ) STRICT;

      CREATE TABLE sync_profile_settings (
        profile             TEXT PRIMARY KEY,
        conflict_policy     TEXT NOT NULL DEFAULT 'newest-wins' CHECK (conflict_policy IN ('exchange-wins', 'application-wins', 'newest-wins')),
        mass_delete_share   REAL NOT NULL DEFAULT 0.5 CHECK (mass_delete_share > 0 AND mass_delete_share <= 1),
        mass_delete_min     INTEGER NOT NULL DEFAULT 10,
        full_resync_pending INTEGER NOT NULL DEFAULT 0,
        updated_at          TEXT NOT NULL DEFAULT ${NOW}
      ) STRICT;
    `);
  },
};
