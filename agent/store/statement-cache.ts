/**
 * Prepared statements kept per connection and SQL text. better-sqlite3 compiles a statement
 * on every `prepare()` and frees the compiled form only when V8 collects the JS object, and
 * V8 does not count that native memory when it decides to collect. The sync engine runs the
 * same few dozen statements for every item it touches, so preparing each time cost CPU and
 * tens of megabytes of resident memory (bench/sync, Graph: peak RSS 245 → 201 MB, issue #7).
 *
 * `.pluck()` changes a statement for good, so plucking statements are cached apart from the
 * plain ones; callers use `pluckedStatement` instead of calling `.pluck()` on a cached one.
 */
import type BetterSqlite3 from 'better-sqlite3';

type Statement = BetterSqlite3.Statement;

const caches = new WeakMap<BetterSqlite3.Database, Map<string, Statement>>();

function cached(db: BetterSqlite3.Database, key: string, make: () => Statement): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(key);
  if (!statement) {
    statement = make();
    cache.set(key, statement);
  }
  return statement;
}

/** The connection's statement for `sql`, compiled once. */
export function statement(db: BetterSqlite3.Database, sql: string): Statement {
  return cached(db, sql, () => db.prepare(sql));
}

/** Like `statement`, answering the first column only (better-sqlite3's pluck mode). */
export function pluckedStatement(db: BetterSqlite3.Database, sql: string): Statement {
  return cached(db, `pluck\u0000${sql}`, () => db.prepare(sql).pluck());
}
