import type BetterSqlite3 from 'better-sqlite3';
import type { Flag } from './database-schema.js';
import type { ContactRow } from './reference-data-repository.js';
import { contactColumns } from './table-columns.js';

/**
 * The statement helpers that need only better-sqlite3 (no Kysely): what the sync's writes run with.
 * SQL is built with Kysely elsewhere (prepared-statements.ts, page-write-sql.ts) and arrives here as text.
 */
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
