/**
 * Store migration 3: resolved mail folders per mailbox (path → server id), so an idle
 * sync of a mail folder costs one change request, not a path lookup first (sync-semantics
 * §4.5: an idle poll's floor is one request per folder).
 */
import type { Migration } from '../store/migrate.js';

export const FOLDER_CACHE_MIGRATION: Migration = {
  version: 3,
  name: 'sync engine: resolved mail folders per mailbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_mail_folders (
        profile     TEXT NOT NULL,
        mailbox     TEXT NOT NULL,
        scope       TEXT NOT NULL CHECK (scope IN ('selection', 'shared')),
        folders     TEXT NOT NULL CHECK (json_valid(folders)),
        selection   TEXT NOT NULL,
        resolved_at TEXT NOT NULL,
        PRIMARY KEY (profile, mailbox, scope)
      ) STRICT;
    `);
  },
};
