import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';

/**
 * A number that changes whenever another connection (a sync) commits to the database, SQLite's
 * `data_version`: a reader that keeps something made from the data checks it before reusing it.
 */
export function dataVersion(database: FicDatabase): number {
  return sqliteOf(database).pragma('data_version', { simple: true }) as number;
}
