/**
 * The migration runner: applies the migrations a database has not seen yet, each in
 * its own IMMEDIATE transaction (so two processes never apply one twice, and a failed
 * migration leaves the database at the previous version), recorded in
 * `schema_migrations` and mirrored in PRAGMA user_version for outside tools.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { InternalError } from '../../src/errors/operator-error.js';
import { storeErrorFrom, storeFromNewerVersionError } from './store-errors.js';

export interface Migration {
  /** 1, 2, 3, … in order, never reused. */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

export function assertMigrationList(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new InternalError('store migrations must have strictly increasing positive integer versions', {
        version: migration.version,
        previous,
        name: migration.name,
      });
    }
    previous = migration.version;
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export function appliedVersion(db: BetterSqlite3.Database): number {
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[], context: { path: string; appVersion: string }): MigrationOutcome {
  assertMigrationList(migrations);
  const known = latestVersion(migrations);
  // Also the write-lock probe: taking an IMMEDIATE transaction fails fast (after the
  // busy timeout) when another process holds the database, instead of half-starting.
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     INTEGER PRIMARY KEY,
      name        TEXT NOT NULL,
      applied_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      app_version TEXT NOT NULL
    ) STRICT`);
  }).immediate();

  const from = appliedVersion(db);
  if (from > known) throw storeFromNewerVersionError(context.path, from, known);

  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, app_version) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    const apply = db.transaction(() => {
      // Another process may have applied it since we looked.
      if (appliedVersion(db) >= migration.version) return false;
      migration.up(db);
      record.run(migration.version, migration.name, context.appVersion);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration.version);
    } catch (error) {
      // Locked, corrupt, full, unwritable: the operator's to fix, classified by openStore.
      if (storeErrorFrom(error, context.path, 0)) throw error;
      const stays = appliedVersion(db);
      throw new InternalError(
        `store migration ${migration.version} (${migration.name}) failed; the database stays at version ${stays}`,
        { version: migration.version, name: migration.name, path: context.path },
        { cause: error },
      );
    }
  }
  return { from, to: appliedVersion(db), applied };
}
