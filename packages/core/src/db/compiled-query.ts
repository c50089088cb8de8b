import type { CompiledQuery } from 'kysely';
import { prepared } from '../queries/statement-cache.js';
import type { FicDatabase } from './open-database.js';

/**
 * Runs a query built with Kysely's typed builder synchronously, as a cached prepared statement: the
 * builder checks table and column names, better-sqlite3 runs it inside the caller's transaction.
 */
export function runCompiled(database: FicDatabase, query: { compile(): CompiledQuery }): number {
  const compiled = query.compile();
  return prepared(database, compiled.sql).run(...compiled.parameters).changes;
}

export function allCompiled<Row>(database: FicDatabase, query: { compile(): CompiledQuery<Row> }): Row[] {
  const compiled = query.compile();
  return prepared(database, compiled.sql).all(...compiled.parameters) as Row[];
}
