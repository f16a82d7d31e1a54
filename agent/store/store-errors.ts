/**
 * SQLite failures an operator can fix, as a table: which SQLite or errno codes mean
 * "locked", "corrupt", "cannot write" or "disk full", and the cause and steps for each.
 * Used when the store opens and by later subsystems for errors at run time
 * (`storeErrorFrom`). The user's database file is never deleted or repaired for them.
 */
import { OperatorError, type ErrorFamily } from '../../src/errors/operator-error.js';

export interface StoreErrorFacts {
  path: string;
  /** SQLite's or the OS's code, e.g. SQLITE_BUSY, SQLITE_NOTADB, ENOTDIR. */
  sqliteCode: string;
  problem: string;
  busyTimeoutMs: number;
}

interface StoreErrorEntry {
  code: string;
  family: ErrorFamily;
  /** SQLite result codes (prefix match covers extended codes like SQLITE_BUSY_SNAPSHOT) and errno codes. */
  matches: readonly string[];
  message: (f: StoreErrorFacts) => string;
  cause: (f: StoreErrorFacts) => string;
  fix: (f: StoreErrorFacts) => string[];
}

const aside = (p: string): string => `mv ${p} ${p}.corrupt; for f in ${p}-wal ${p}-shm; do [ -e "$f" ] && mv "$f" "$f.corrupt"; done`;

export const STORE_ERRORS: readonly StoreErrorEntry[] = [
  {
    code: 'MB_STORE_LOCKED',
    family: 'other',
    matches: ['SQLITE_BUSY', 'SQLITE_LOCKED'],
    message: (f) => `the database ${f.path} is locked by another process`,
    cause: (f) =>
      `Another process holds a lock on the database and did not release it within ${f.busyTimeoutMs} ms: usually a second mailbridge agent using the same state directory, or a sqlite3 shell or backup tool with an open transaction.`,
    fix: (f) => [
      `Find the process holding it: fuser -v ${f.path} ${f.path}-wal (or lsof ${f.path}).`,
      'If it is another mailbridge agent, stop it (`mailbridge status` shows it; for a service: systemctl stop mailbridge). One agent per state directory.',
      'If it is a sqlite3 shell or a backup tool, end its transaction or close it.',
      'Then start the agent again.',
    ],
  },
  {
    code: 'MB_STORE_CORRUPT',
    family: 'other',
    matches: ['SQLITE_NOTADB', 'SQLITE_CORRUPT'],
    message: (f) => `the database ${f.path} is damaged or not a SQLite database`,
    cause: (f) => `SQLite cannot read the file (${f.sqliteCode}: ${f.problem}). mailbridge leaves the file as it is and does not try to repair it.`,
    fix: (f) => [
      'Stop the agent.',
      `Move the damaged file aside (keep it for recovery): ${aside(f.path)}`,
      'Start the agent: mailbridge creates a new, empty database. Profiles and secrets are stored elsewhere and are not affected; sync state is rebuilt by a full resync.',
      `Optionally recover data from the old file: sqlite3 ${f.path}.corrupt .recover | sqlite3 ${f.path}.recovered`,
    ],
  },
  {
    code: 'MB_STORE_DISK_FULL',
    family: 'other',
    matches: ['SQLITE_FULL', 'ENOSPC'],
    message: (f) => `the database ${f.path} cannot grow: the disk is full`,
    cause: () => 'The file system holding the state directory has no space left.',
    fix: (f) => [`Free space on the file system holding ${f.path} (df -h to see it).`, 'Then start the agent again.'],
  },
  {
    code: 'MB_STORE_UNWRITABLE',
    family: 'permissions',
    matches: ['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_IOERR', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'],
    message: (f) => `cannot open the database ${f.path} for writing (${f.sqliteCode})`,
    cause: (f) => `The database or its directory cannot be created or written by the user the agent runs as: ${f.problem}.`,
    fix: (f) => [
      `Check the state directory: ls -ld ${f.path} "$(dirname ${f.path})" — it must be a directory owned by the agent's user (mode 0700), on a writable file system.`,
      'Or point mailbridge at another state directory with MAILBRIDGE_STATE_DIR.',
    ],
  },
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The operator error for a SQLite/OS failure on the store, or undefined when it is not one we can explain. */
export function storeErrorFrom(error: unknown, path: string, busyTimeoutMs: number): OperatorError | undefined {
  const sqliteCode = codeOf(error);
  if (!sqliteCode) return undefined;
  const entry = STORE_ERRORS.find((candidate) => candidate.matches.some((prefix) => sqliteCode === prefix || sqliteCode.startsWith(`${prefix}_`)));
  if (!entry) return undefined;
  const facts: StoreErrorFacts = { path, sqliteCode, problem: error instanceof Error ? error.message : String(error), busyTimeoutMs };
  return new OperatorError({
    message: entry.message(facts),
    code: entry.code,
    family: entry.family,
    cause: entry.cause(facts),
    fix: entry.fix(facts),
    details: { path, sqliteCode },
    underlying: error,
  });
}

export function storeFromNewerVersionError(path: string, found: number, known: number): OperatorError {
  return new OperatorError({
    message: `the database ${path} has schema version ${found}; this mailbridge knows versions up to ${known}`,
    code: 'MB_STORE_FROM_NEWER_VERSION',
    family: 'other',
    cause: 'A newer mailbridge upgraded the database. This version cannot use it and does not downgrade or change it.',
    fix: [
      'Run the newer mailbridge again (upgrade this installation to the version that wrote the database).',
      `Or, to start over with this version, stop the agent and move the database aside: mv ${path} ${path}.newer (and its -wal and -shm files); sync state is then rebuilt by a full resync.`,
    ],
    details: { path, schemaVersion: found, knownVersion: known },
  });
}
