import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { CompiledQuery, Expression, Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { FicError } from '../errors.js';

/**
 * Hot paths build their SQL once with Kysely, prepare it once with better-sqlite3 and bind positional
 * values per row: no async round-trip and no SQL string building per row.
 */
export type Statement = BetterSqlite3.Statement;

/** Kysely without the table types, for statements assembled from column lists. */
export type LooseKysely = Kysely<Record<string, Record<string, unknown>>>;

export function looseKysely(db: Kysely<Database>): LooseKysely {
  return db as unknown as LooseKysely;
}

/** Prepares what Kysely compiled, checking that it binds exactly the values the caller will pass. */
export function prepareCompiled(
  sqlite: BetterSqlite3.Database,
  compiled: CompiledQuery,
  parameterCount: number,
): Statement {
  if (compiled.parameters.length !== parameterCount) {
    throw new Error(
      `Statement binds ${compiled.parameters.length} values, expected ${parameterCount}: ${compiled.sql}`,
    );
  }
  return sqlite.prepare(compiled.sql);
}

/** `SELECT column FROM table WHERE key = ?`, plucked: `.get(key)` returns the value or undefined. */
export function prepareLookup(
  sqlite: BetterSqlite3.Database,
  db: LooseKysely,
  table: string,
  column: string,
  key: string,
): Statement {
  const compiled = db.selectFrom(table).select(column).where(key, '=', '').compile();
  return prepareCompiled(sqlite, compiled, 1).pluck();
}

/** A row of placeholders: Kysely compiles each value to `?`, bound per row later with `bindRow`. */
export function placeholderRow(columns: readonly string[]): Record<string, null> {
  return Object.fromEntries(columns.map((column) => [column, null]));
}

/** The values of `row` in `columns` order; absent optional columns bind as NULL. */
export function bindRow<Row extends object>(row: Row, columns: readonly (keyof Row)[]): unknown[] {
  return columns.map((column) => row[column] ?? null);
}

/** `column = excluded.column` for each column, the SET of an upsert that takes the new row. */
export function takeExcluded(columns: readonly string[]): Record<string, Expression<unknown>> {
  return Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]));
}

/** `column = coalesce(excluded.column, table.column)`: new values fill in, missing ones keep the old. */
export function fillFromExcluded(
  table: string,
  columns: readonly string[],
): Record<string, Expression<unknown>> {
  return Object.fromEntries(
    columns.map((column) => [
      column,
      sql`coalesce(${sql.ref(`excluded.${column}`)}, ${sql.ref(`${table}.${column}`)})`,
    ]),
  );
}

/** Runs one transaction that takes the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing half-way. */
export function immediateTransaction<Args extends unknown[]>(
  sqlite: BetterSqlite3.Database,
  body: (...args: Args) => void,
): (...args: Args) => void {
  const transaction = sqlite.transaction(body);
  return (...args: Args) => transaction.immediate(...args);
}

/** A failed write as a FicError a user can act on (disk full, database locked, a corrupt file...). */
export function databaseError(action: string, databasePath: string, error: unknown): FicError {
  if (error instanceof FicError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FicError(
    'database',
    `Could not ${action} in ${databasePath}: ${message}. Nothing of it was saved.`,
    {
      cause: error,
      details: { sqliteCode: (error as { code?: unknown } | null)?.code },
    },
  );
}
