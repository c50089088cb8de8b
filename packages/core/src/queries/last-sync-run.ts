import type { FicDatabase } from '../db/open-database.js';
import type { SyncRunRow } from '../db/sync-run-repository.js';
import { one } from './statement-cache.js';

/**
 * The newest `sync_runs` row as stored, with every counter (what `ConversationRepository.lastRun()`
 * returns), for readers that must not load the repository and its query builder: `fic status`.
 */
export function getLastSyncRun(database: FicDatabase): SyncRunRow | undefined {
  return one<SyncRunRow>(database, 'SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1');
}
