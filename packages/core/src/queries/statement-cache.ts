import type BetterSqlite3 from 'better-sqlite3';
import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';

/**
 * Queries run their SQL as prepared better-sqlite3 statements, cached per connection by SQL text, so
 * a hot query is parsed and planned once. SQL texts come from fixed fragments; user values are always
 * bound parameters.
 */
const MAX_CACHED = 256;
const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

export function prepared(database: FicDatabase, sql: string): BetterSqlite3.Statement {
  let cache = caches.get(sqliteOf(database));
  if (cache === undefined) {
    cache = new Map();
    caches.set(sqliteOf(database), cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = sqliteOf(database).prepare(sql);
    // Filter combinations make a bounded set of texts; the cap only guards against surprises.
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
  }
  return statement;
}

export function all<Row>(database: FicDatabase, sql: string, params: readonly unknown[] = []): Row[] {
  return prepared(database, sql).all(...params) as Row[];
}

export function one<Row>(
  database: FicDatabase,
  sql: string,
  params: readonly unknown[] = [],
): Row | undefined {
  return prepared(database, sql).get(...params) as Row | undefined;
}

/** `?, ?, ?` for an IN list of n values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

const knownIndexes = new WeakMap<BetterSqlite3.Database, Map<string, boolean>>();

/**
 * `INDEXED BY name` when the index exists, else nothing: a database opened read-only is not migrated,
 * so an index from a newer migration may be missing (the query is then slower, not broken).
 */
export function indexHint(database: FicDatabase, name: string): string {
  let known = knownIndexes.get(sqliteOf(database));
  if (known === undefined) {
    known = new Map();
    knownIndexes.set(sqliteOf(database), known);
  }
  let exists = known.get(name);
  if (exists === undefined) {
    exists =
      one(database, `SELECT 1 AS found FROM sqlite_master WHERE type = 'index' AND name = ?`, [name]) !==
      undefined;
    known.set(name, exists);
  }
  return exists ? `INDEXED BY ${name}` : '';
}
