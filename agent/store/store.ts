/**
 * The store contract: the agent's one SQLite database (better-sqlite3, WAL mode) in the
 * state directory, opened once per agent process and upgraded by versioned migrations.
 * Later subsystems (check reports, sync state, items) add migrations and use `db`.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface StoreInfo {
  path: string;
  /** The highest migration applied. */
  schemaVersion: number;
  journalMode: string;
}

export interface Store {
  readonly db: BetterSqlite3.Database;
  info(): StoreInfo;
  close(): void;
}
