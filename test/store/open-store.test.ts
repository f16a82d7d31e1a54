// The SQLite store (issue #2): WAL, busy timeout, versioned migrations, and the clear
// errors for a locked, corrupt, unwritable or newer database — real files, and a real
// second process holding the lock.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InternalError, isOperatorError, type OperatorError } from '../../src/errors/operator-error.js';
import type { Migration } from '../../agent/store/migrate.js';
import { MIGRATIONS } from '../../agent/store/migrations.js';
import { openStore, STORE_FILE, type OpenedStore } from '../../agent/store/open-store.js';
import { holdLock, type LockHolder } from './lock-holder.js';

// The newest schema version this build knows; later issues append migrations.
const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);

const dirs: string[] = [];
const opened: OpenedStore[] = [];
const holders: LockHolder[] = [];

function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-store-'));
  dirs.push(dir);
  return path.join(dir, 'state');
}

function open(...args: Parameters<typeof openStore>): OpenedStore {
  const store = openStore(...args);
  opened.push(store);
  return store;
}

function operatorErrorOf(work: () => unknown): OperatorError {
  try {
    work();
  } catch (error) {
    if (isOperatorError(error)) return error;
    throw error;
  }
  throw new Error('expected an OperatorError, but the call succeeded');
}

afterEach(async () => {
  for (const holder of holders.splice(0)) holder.kill();
  for (const store of opened.splice(0)) store.close();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('openStore: a fresh and an existing database', () => {
  it('creates mailbridge.db in a 0700 state directory, in WAL mode, migrated to the latest version', () => {
    const dir = stateDir();
    const store = open({ stateDir: dir });
    const file = path.join(dir, STORE_FILE);
    expect(store.info()).toEqual({ path: file, schemaVersion: LATEST, journalMode: 'wal' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(store.migration).toEqual({ from: 0, to: LATEST, applied: ALL_VERSIONS });
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);

    const tables = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['agent_meta', 'check_reports', 'events', 'schema_migrations']));
    const applied = store.db.prepare('SELECT version, name, app_version FROM schema_migrations').all() as { version: number; app_version: string }[];
    expect(applied.map((row) => row.version)).toEqual(ALL_VERSIONS);
    expect(applied[0]?.app_version).toMatch(/^\d+\.\d+\.\d+/);

    store.db.prepare("INSERT INTO events (level, kind, data) VALUES ('info', 'agent.started', ?)").run('{"pid":1}');
    expect(() => store.db.prepare("INSERT INTO events (level, kind, data) VALUES ('loud', 'x', NULL)").run()).toThrow(/CHECK/);
    store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('reopening applies nothing twice and keeps the data', () => {
    const dir = stateDir();
    const first = open({ stateDir: dir });
    first.db.prepare("INSERT INTO agent_meta (key, value) VALUES ('installation', 'abc')").run();
    first.close();
    const second = open({ stateDir: dir });
    expect(second.migration).toEqual({ from: LATEST, to: LATEST, applied: [] });
    expect(second.db.prepare("SELECT value FROM agent_meta WHERE key = 'installation'").pluck().get()).toBe('abc');
  });

  it('opens an explicit path and honours a custom busy timeout', () => {
    const file = path.join(path.dirname(stateDir()), 'custom.db');
    const store = open({ path: file, busyTimeoutMs: 1234 });
    expect(store.info().path).toBe(file);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });
});

describe('openStore: migrations', () => {
  const base: Migration[] = [
    { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE one (x INTEGER)') },
    { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE two (x INTEGER)') },
  ];

  it('applies only the new ones when the list grows', () => {
    const file = path.join(path.dirname(stateDir()), 'm.db');
    open({ path: file, migrations: base.slice(0, 1) }).close();
    const grown = open({ path: file, migrations: base });
    expect(grown.migration).toEqual({ from: 1, to: 2, applied: [2] });
  });

  it('a failing migration rolls back entirely and the database stays at the previous version', () => {
    const file = path.join(path.dirname(stateDir()), 'm.db');
    const broken: Migration = {
      version: 3,
      name: 'three, broken',
      up: (db) => {
        db.exec('CREATE TABLE three (x INTEGER)');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    let error: unknown;
    try {
      openStore({ path: file, migrations: [...base, broken] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toContain('migration 3 (three, broken) failed; the database stays at version 2');
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(2);
      expect(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'three'").pluck().get()).toBe(0);
    } finally {
      check.close();
    }
  });

  it('refuses a migration list that is out of order', () => {
    const file = path.join(path.dirname(stateDir()), 'm.db');
    expect(() => openStore({ path: file, migrations: [base[1]!, base[0]!] })).toThrow(InternalError);
  });

  it('a database from a newer mailbridge is refused with both versions, and not changed', () => {
    const dir = stateDir();
    const store = open({ stateDir: dir });
    const future = LATEST + 5;
    store.db.prepare("INSERT INTO schema_migrations (version, name, app_version) VALUES (?, 'from the future', '9.0.0')").run(future);
    store.close();
    const file = path.join(dir, STORE_FILE);
    const before = readFileSync(file);

    const error = operatorErrorOf(() => openStore({ stateDir: dir }));
    expect(error.code).toBe('MB_STORE_FROM_NEWER_VERSION');
    expect(error.message).toContain(`schema version ${future}`);
    expect(error.message).toContain(`knows versions up to ${LATEST}`);
    expect(error.fix.join('\n')).toContain(`mv ${file} ${file}.newer`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('openStore: a database held by another process', () => {
  it('WAL database, another process in an EXCLUSIVE transaction: MB_STORE_LOCKED after the busy timeout', async () => {
    const dir = stateDir();
    open({ stateDir: dir }).close();
    const file = path.join(dir, STORE_FILE);
    holders.push(await holdLock(file));

    const started = Date.now();
    const error = operatorErrorOf(() => openStore({ stateDir: dir, busyTimeoutMs: 400 }));
    const waited = Date.now() - started;
    expect(error.code).toBe('MB_STORE_LOCKED');
    expect(error.message).toBe(`the database ${file} is locked by another process`);
    expect(error.cause).toContain('within 400 ms');
    expect(error.fix.join('\n')).toContain(`fuser -v ${file}`);
    expect(error.details).toMatchObject({ path: file, sqliteCode: expect.stringMatching(/^SQLITE_BUSY/) });
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(5000);
  });

  it('rollback-journal database locked by a sqlite client: MB_STORE_LOCKED, then opens once the lock is gone', async () => {
    const dir = stateDir();
    const file = path.join(dir, STORE_FILE);
    // A database created by someone else in rollback-journal mode, locked before we ever open it.
    open({ stateDir: dir }).close();
    const switchBack = new Database(file);
    switchBack.pragma('journal_mode = DELETE');
    switchBack.close();
    const holder = await holdLock(file, { journal: 'delete' });
    holders.push(holder);

    expect(operatorErrorOf(() => openStore({ stateDir: dir, busyTimeoutMs: 300 })).code).toBe('MB_STORE_LOCKED');
    expect(operatorErrorOf(() => openStore({ stateDir: dir, busyTimeoutMs: 300 })).code).toBe('MB_STORE_LOCKED');

    await holder.release();
    const store = open({ stateDir: dir, busyTimeoutMs: 300 });
    expect(store.info().journalMode).toBe('wal');
    expect(store.db.prepare('SELECT at FROM holder_marks').pluck().all()).toEqual(['held']);
  });

  it('waits out a lock shorter than the busy timeout instead of failing', async () => {
    const dir = stateDir();
    open({ stateDir: dir }).close();
    // openStore blocks this thread while it waits, so the holder lets go on its own.
    const holder = await holdLock(path.join(dir, STORE_FILE), { holdMs: 600 });
    holders.push(holder);
    const started = Date.now();
    const store = open({ stateDir: dir, busyTimeoutMs: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(store.info().schemaVersion).toBe(LATEST);
    await holder.exited;
  });
});

describe('openStore: files it cannot use', () => {
  function corruptCase(mutate: (file: string, pristine: Buffer) => void): { file: string; error: OperatorError; after: Buffer } {
    const dir = stateDir();
    open({ stateDir: dir }).close();
    const file = path.join(dir, STORE_FILE);
    mutate(file, readFileSync(file));
    const error = operatorErrorOf(() => openStore({ stateDir: dir }));
    return { file, error, after: readFileSync(file) };
  }

  it.each([
    ['garbage written over it', (file: string) => writeFileSync(file, 'this is not a database '.repeat(300))],
    ['a truncated file', (file: string) => truncateSync(file, 100)],
    [
      'a damaged page',
      (file: string, pristine: Buffer) => {
        const damaged = Buffer.from(pristine);
        damaged.fill(0x41, 4096, 8192);
        writeFileSync(file, damaged);
      },
    ],
  ])('%s: MB_STORE_CORRUPT naming the file and the fix, and the file is kept as it was', (_label, mutate) => {
    let mutated: Buffer | undefined;
    const { file, error, after } = corruptCase((f, pristine) => {
      mutate(f, pristine);
      mutated = readFileSync(f);
    });
    expect(error.code).toBe('MB_STORE_CORRUPT');
    expect(error.message).toContain(file);
    const fix = error.fix.join('\n');
    expect(fix).toContain(`mv ${file} ${file}.corrupt`);
    expect(fix).toContain('creates a new, empty database');
    expect(after.equals(mutated!)).toBe(true);
  });

  it('after moving a corrupt file aside as the fix says, the store opens fresh', () => {
    const dir = stateDir();
    const file = path.join(dir, STORE_FILE);
    open({ stateDir: dir }).close();
    writeFileSync(file, 'garbage'.repeat(1000));
    expect(operatorErrorOf(() => openStore({ stateDir: dir })).code).toBe('MB_STORE_CORRUPT');
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
    expect(open({ stateDir: dir }).info().schemaVersion).toBe(LATEST);
  });

  it('a state directory that cannot be created: MB_STORE_UNWRITABLE', () => {
    const parent = path.dirname(stateDir());
    const blocker = path.join(parent, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const error = operatorErrorOf(() => openStore({ stateDir: path.join(blocker, 'state') }));
    expect(error.code).toBe('MB_STORE_UNWRITABLE');
    expect(error.message).toContain('ENOTDIR');
  });

  it('a database path that is a directory: MB_STORE_UNWRITABLE', () => {
    const parent = path.dirname(stateDir());
    const error = operatorErrorOf(() => openStore({ path: parent }));
    expect(error.code).toBe('MB_STORE_UNWRITABLE');
    expect(error.message).toContain(parent);
  });
});
