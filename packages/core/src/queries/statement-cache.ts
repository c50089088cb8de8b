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

const knownSchema = new WeakMap<BetterSqlite3.Database, Map<string, boolean>>();

/**
 * Whether the schema holds this index or table. A database opened read-only is not migrated, so what a
 * newer migration adds may be missing; the answer is cached per connection (the schema of an open
 * connection only grows by migrating, which happens before queries run).
 */
export function schemaHas(database: FicDatabase, type: 'index' | 'table', name: string): boolean {
  let known = knownSchema.get(sqliteOf(database));
  if (known === undefined) {
    known = new Map();
    knownSchema.set(sqliteOf(database), known);
  }
  const key = `${type}:${name}`;
  let exists = known.get(key);
  if (exists === undefined) {
    exists =
      one(database, `SELECT 1 AS found FROM sqlite_master WHERE type = ? AND name = ?`, [type, name]) !==
      undefined;
    known.set(key, exists);
  }
  return exists;
}

/** `INDEXED BY name` when the index exists, else nothing (the query is then slower, not broken). */
export function indexHint(database: FicDatabase, name: string): string {
  return schemaHas(database, 'index', name) ? `INDEXED BY ${name}` : '';
}
