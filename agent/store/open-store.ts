/**
 * Opens the agent's database: `mailbridge.db` in the 0700 state directory (or an
 * explicit path), WAL mode, a busy timeout, then the migrations. Every failure an
 * operator can fix (locked, corrupt, unwritable, full, from a newer mailbridge) comes
 * out as an OperatorError with cause and fix steps, and the connection is closed, so
 * a supervisor restarting the agent sees the same clear message, not a crash loop.
 */
import { mkdirSync, statSync, chmodSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isOperatorError } from '../../src/errors/operator-error.js';
import { MAILBRIDGE_VERSION } from '../../src/version.js';
import { appliedVersion, migrate, type Migration, type MigrationOutcome } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { storeErrorFrom } from './store-errors.js';
import type { Store, StoreInfo } from './store.js';

export const STORE_FILE = 'mailbridge.db';
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export type OpenStoreOptions = ({ stateDir: string; path?: never } | { path: string; stateDir?: never }) & {
  /** How long to wait for another process's lock before MB_STORE_LOCKED. */
  busyTimeoutMs?: number;
  /** The schema; tests pass their own lists. */
  migrations?: readonly Migration[];
};

export interface OpenedStore extends Store {
  /** What opening did to the schema, for the agent's start-up log. */
  readonly migration: MigrationOutcome;
}

function resolvePath(options: OpenStoreOptions, busyTimeoutMs: number): string {
  if (options.path !== undefined) return path.resolve(options.path);
  const dir = path.resolve(options.stateDir);
  const file = path.join(dir, STORE_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if ((statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  } catch (error) {
    throw storeErrorFrom(error, file, busyTimeoutMs) ?? error;
  }
  return file;
}

export function openStore(options: OpenStoreOptions): OpenedStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const file = resolvePath(options, busyTimeoutMs);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const migration = migrate(db, options.migrations ?? MIGRATIONS, { path: file, appVersion: MAILBRIDGE_VERSION });
    return new SqliteStore(db, file, migration);
  } catch (error) {
    db?.close();
    if (isOperatorError(error)) throw error;
    throw storeErrorFrom(error, file, busyTimeoutMs) ?? error;
  }
}

class SqliteStore implements OpenedStore {
  constructor(
    readonly db: Database.Database,
    private readonly file: string,
    readonly migration: MigrationOutcome,
  ) {}

  info(): StoreInfo {
    return {
      path: this.file,
      schemaVersion: appliedVersion(this.db),
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
    };
  }

  close(): void {
    // Closing the last connection checkpoints the WAL into the main file.
    if (this.db.open) this.db.close();
  }
}
