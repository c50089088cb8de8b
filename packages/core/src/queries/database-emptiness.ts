import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { one } from './statement-cache.js';

/** Whether the file holds fic's tables at all (a read-only open never migrates). */
export function hasSchema(database: FicDatabase): boolean {
  return (
    one(database, "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'conversations'") !==
    undefined
  );
}

export function isDatabaseEmpty(database: FicDatabase): boolean {
  return one(database, 'SELECT 1 AS found FROM conversations LIMIT 1') === undefined;
}

/** Throws the error users need when nothing has been synced: an empty answer would mislead them. */
export function assertNotEmpty(database: FicDatabase): void {
  if (isDatabaseEmpty(database)) {
    throw new FicError('empty_database', 'No conversations synced yet: run fic sync');
  }
}
