import { runCompiled } from './compiled-query.js';
import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';

/**
 * Writes sync_state values as JSON inside the caller's transaction (undefined removes a key), so a
 * checkpoint commits with the rows it describes.
 */
export function writeSyncState(database: FicDatabase, state: Record<string, unknown>, now: number): void {
  const { db } = database;
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) {
      runCompiled(database, db.deleteFrom('sync_state').where('key', '=', key));
      continue;
    }
    const json = JSON.stringify(value);
    runCompiled(
      database,
      db
        .insertInto('sync_state')
        .values({ key, value: json, updated_at: now })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: json, updated_at: now })),
    );
  }
}

/** One sync_state value, parsed; undefined when absent or not JSON (a state this build cannot read). */
export function readSyncState<T>(database: FicDatabase, key: string): T | undefined {
  const { db } = database;
  const compiled = db.selectFrom('sync_state').select('value').where('key', '=', key).compile();
  const row = sqliteOf(database)
    .prepare(compiled.sql)
    .get(...compiled.parameters) as { value: string } | undefined;
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return undefined;
  }
}
