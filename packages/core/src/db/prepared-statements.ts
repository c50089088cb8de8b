import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { CompiledQuery, Expression, Insertable, Kysely } from 'kysely';
import type { Database, Flag } from './database-schema.js';
import type { ContactRow } from './reference-data-repository.js';
import { contactColumns } from './table-columns.js';
import { FicError } from '../errors.js';
import { databaseFailure } from './sqlite-errors.js';

/**
 * Hot paths build their SQL once with Kysely, prepare it once with better-sqlite3 and bind positional
 * values per row: no async round-trip and no SQL string building per row.
 */

/** The column names of one of our tables. */
export type ColumnOf<Table extends keyof Database> = keyof Database[Table] & string;

/** The tables whose rows belong to one conversation (keyed by `conversation_id`). */
export type ConversationChildTable = {
  [Table in keyof Database]: 'conversation_id' extends keyof Database[Table] ? Table : never;
}[keyof Database];

/** Prepares what Kysely compiled, checking that it binds exactly the values the caller will pass. */
export function prepareCompiled(
  sqlite: BetterSqlite3.Database,
  compiled: CompiledQuery,
  parameterCount: number,
): Statement {
  return sqlite.prepare(compiledSql(compiled, parameterCount));
}

/** The SQL text Kysely compiled, checked to bind exactly `parameterCount` values. */
export function compiledSql(compiled: CompiledQuery, parameterCount: number): string {
  if (compiled.parameters.length !== parameterCount) {
    throw new Error(
      `Statement binds ${compiled.parameters.length} values, expected ${parameterCount}: ${compiled.sql}`,
    );
  }
  return compiled.sql;
}

/** `SELECT column FROM table WHERE key = ?`, plucked: `.get(key)` returns the value or undefined. */
export function prepareLookup<Table extends keyof Database>(
  sqlite: BetterSqlite3.Database,
  db: Kysely<Database>,
  table: Table,
  column: ColumnOf<Table>,
  key: ColumnOf<Table>,
): Statement {
  return sqlite.prepare(lookupSql(db, table, column, key)).pluck();
}

/** The SQL of `prepareLookup`; the names are checked against the schema's types. */
export function lookupSql<Table extends keyof Database>(
  db: Kysely<Database>,
  table: Table,
  column: ColumnOf<Table>,
  key: ColumnOf<Table>,
): string {
  return compiledSql(
    sql`SELECT ${sql.ref(column)} FROM ${sql.table(table)} WHERE ${sql.ref(key)} = ${''}`.compile(db),
    1,
  );
}

/**
 * A row of placeholders for `table`'s `columns`: Kysely compiles each value to `?`, bound per row later
 * with `bindRow`. Table and column names are checked; the values are typed as the table's insertable
 * row because they never reach the database: only the SQL text is kept.
 */
export function placeholderRow<Table extends keyof Database>(
  _table: Table,
  columns: readonly ColumnOf<Table>[],
): Insertable<Database[Table]> {
  return Object.fromEntries(columns.map((column) => [column, null])) as Insertable<Database[Table]>;
}

/** `column = excluded.column` for each column, the SET of an upsert that takes the new row. */
export function takeExcluded<Table extends keyof Database>(
  _table: Table,
  columns: readonly ColumnOf<Table>[],
): Record<string, Expression<unknown>> {
  return Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]));
}

/** `column = coalesce(excluded.column, table.column)`: new values fill in, missing ones keep the old. */
export function fillFromExcluded<Table extends keyof Database>(
  table: Table,
  columns: readonly ColumnOf<Table>[],
): Record<string, Expression<unknown>> {
  return Object.fromEntries(
    columns.map((column) => [
      column,
      sql`coalesce(${sql.ref(`excluded.${column}`)}, ${sql.ref(`${table}.${column}`)})`,
    ]),
  );
}

/**
 * A failed write as a FicError a user can act on: disk full, read-only, busy and a damaged file get
 * their own codes and advice (sqlite-errors.ts); anything else is 'database'.
 */
export function databaseError(action: string, databasePath: string, error: unknown): FicError {
  const mapped = databaseFailure(error, databasePath, action);
  if (mapped !== undefined) return mapped;
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

export type Statement = BetterSqlite3.Statement;

/** The values of `row` in `columns` order; absent optional columns bind as NULL. */
export function bindRow<Row extends object>(row: Row, columns: readonly (keyof Row)[]): unknown[] {
  return columns.map((column) => row[column] ?? null);
}

/** Runs one transaction that takes the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing half-way. */
export function immediateTransaction<Args extends unknown[], Result = void>(
  sqlite: BetterSqlite3.Database,
  body: (...args: Args) => Result,
): (...args: Args) => Result {
  const transaction = sqlite.transaction(body);
  return (...args: Args) => transaction.immediate(...args);
}

/** A contact's values in `contactColumns` order, with `fetched` and the derived `email_domain`. */
export function contactValues(row: ContactRow, fetched: Flag): unknown[] {
  return bindRow({ ...row, fetched, email_domain: emailDomain(row.email) }, contactColumns);
}

/** `Ann@Acme.COM` -> `acme.com`; null without a usable address. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email == null || at < 0) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain === '' ? null : domain;
}

/** Sets `sync_state` keys as JSON (`undefined` removes a key), inside the caller's transaction. */
export function writeStateValues(
  statements: { upsert: Statement; remove: Statement },
  state: Record<string, unknown>,
  now: number,
): void {
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) statements.remove.run(key);
    else statements.upsert.run(key, JSON.stringify(value), now);
  }
}
