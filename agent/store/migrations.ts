/**
 * The store's schema, as an ordered list of migrations: data the runner walks, so a
 * later subsystem adds its tables by appending a row with the next version. Never edit
 * or reorder a migration that has shipped: databases in the field already ran it.
 */
import type { Migration } from './migrate.js';
import { SYNC_SCHEMA_MIGRATION } from '../sync/sync-schema.js';
import { FOLDER_CACHE_MIGRATION } from '../sync/folder-cache-schema.js';
import { ROUND_LEDGER_MIGRATION } from '../sync/round-ledger-schema.js';

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'agent platform: agent_meta, events, check_reports',
    up(db) {
      db.exec(`
        CREATE TABLE agent_meta (
          key        TEXT PRIMARY KEY,
          value      TEXT NOT NULL,
          updated_at TEXT NOT NULL DEFAULT ${NOW}
        ) STRICT;

        -- What the agent did and saw, for events.subscribe backlogs and support reports.
        CREATE TABLE events (
          id      INTEGER PRIMARY KEY AUTOINCREMENT,
          at      TEXT NOT NULL DEFAULT ${NOW},
          level   TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
          kind    TEXT NOT NULL,
          profile TEXT,
          data    TEXT CHECK (data IS NULL OR json_valid(data))
        ) STRICT;
        CREATE INDEX events_by_time ON events (at);
        CREATE INDEX events_by_profile ON events (profile, at);

        -- One row per validation run of a profile; the report is the JSON check report.
        CREATE TABLE check_reports (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          profile     TEXT NOT NULL,
          started_at  TEXT NOT NULL,
          finished_at TEXT,
          outcome     TEXT CHECK (outcome IN ('pass', 'warn', 'fail')),
          report      TEXT NOT NULL CHECK (json_valid(report))
        ) STRICT;
        CREATE INDEX check_reports_by_profile ON check_reports (profile, started_at);
      `);
    },
  },
  SYNC_SCHEMA_MIGRATION,
  FOLDER_CACHE_MIGRATION,
  ROUND_LEDGER_MIGRATION,
];
