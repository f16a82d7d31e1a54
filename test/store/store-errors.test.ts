// The store's error table (issue #2): which SQLite/OS codes become which operator error,
// including extended result codes, and that anything else is left to the caller.
import { describe, expect, it } from 'vitest';
import { storeErrorFrom } from '../../agent/store/store-errors.js';

function failure(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code });
}

describe('storeErrorFrom', () => {
  it.each([
    ['SQLITE_BUSY', 'MB_STORE_LOCKED'],
    ['SQLITE_BUSY_SNAPSHOT', 'MB_STORE_LOCKED'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'MB_STORE_LOCKED'],
    ['SQLITE_NOTADB', 'MB_STORE_CORRUPT'],
    ['SQLITE_CORRUPT_INDEX', 'MB_STORE_CORRUPT'],
    ['SQLITE_FULL', 'MB_STORE_DISK_FULL'],
    ['ENOSPC', 'MB_STORE_DISK_FULL'],
    ['SQLITE_READONLY_DBMOVED', 'MB_STORE_UNWRITABLE'],
    ['SQLITE_IOERR_FSYNC', 'MB_STORE_UNWRITABLE'],
    ['EACCES', 'MB_STORE_UNWRITABLE'],
  ])('%s → %s, naming the file and the code', (code, expected) => {
    const error = storeErrorFrom(failure(code, 'database is locked'), '/var/lib/mailbridge/mailbridge.db', 1500);
    expect(error?.code).toBe(expected);
    expect(error?.message).toContain('/var/lib/mailbridge/mailbridge.db');
    expect(error?.details).toEqual({ path: '/var/lib/mailbridge/mailbridge.db', sqliteCode: code });
    expect(error?.fix.length).toBeGreaterThan(0);
  });

  it('leaves our own bugs alone: SQL errors, constraint failures, codeless errors', () => {
    expect(storeErrorFrom(failure('SQLITE_ERROR', 'no such table: x'), '/db', 0)).toBeUndefined();
    expect(storeErrorFrom(failure('SQLITE_CONSTRAINT_UNIQUE'), '/db', 0)).toBeUndefined();
    expect(storeErrorFrom(new Error('plain'), '/db', 0)).toBeUndefined();
    // A prefix must match a whole code segment, not a longer name.
    expect(storeErrorFrom(failure('SQLITE_BUSYNESS'), '/db', 0)).toBeUndefined();
  });

  it('says how long it waited for a lock', () => {
    expect(storeErrorFrom(failure('SQLITE_BUSY'), '/db', 1500)?.cause).toContain('within 1500 ms');
  });
});
