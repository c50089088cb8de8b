import { FicError } from '../errors.js';
import type { Selectable } from 'kysely';
import type { SyncRunsTable } from '../db/database-schema.js';
import type { FicDatabase } from '../db/open-database.js';
import { one, schemaHas } from './statement-cache.js';
import { getSyncFidelity } from './sync-fidelity.js';
import { isoTime, isoTimeOrNull, resolveNow } from './query-input.js';
import type { GetSyncStatusInput, SyncRunInfo, SyncStatusResult } from './query-types.js';

type RunRow = Selectable<SyncRunsTable>;

/** Statuses whose data is usable: a partial run committed what it fetched. */
const SUCCESSFUL = `('succeeded', 'partial')`;

/** What is stored and how fresh it is. Never throws for an empty database: it says so (`empty`). */
export function getSyncStatus(database: FicDatabase, input: GetSyncStatusInput = {}): SyncStatusResult {
  const now = resolveNow(input.now);
  const counts = storedCounts(database);
  // min and max of an indexed column are one index descent each (conversations_created_at,
  // conversations_recent): O(log n), no counter needed.
  const coverage = one<{
    oldest_created: number | null;
    newest_created: number | null;
    newest_updated: number | null;
  }>(
    database,
    `SELECT (SELECT min(created_at) FROM conversations) AS oldest_created,
            (SELECT max(created_at) FROM conversations) AS newest_created,
            (SELECT max(updated_at) FROM conversations) AS newest_updated`,
  )!;
  const lastRun = one<RunRow>(database, 'SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1');
  const lastSuccessful = one<RunRow>(
    database,
    `SELECT * FROM sync_runs WHERE status IN ${SUCCESSFUL} AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
  );
  const alive = input.isProcessAlive ?? isProcessAlive;
  const runningRow = one<RunRow>(
    database,
    `SELECT * FROM sync_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`,
  );
  const running = runningRow !== undefined && alive(runningRow.pid) ? runningRow : undefined;
  const toRunInfo = (row: RunRow | undefined): SyncRunInfo | null =>
    row === undefined
      ? null
      : runInfo(row, row.status === 'running' && !alive(row.pid) ? 'interrupted' : row.status);

  return {
    empty: counts.conversations === 0,
    counts,
    lastSync: toRunInfo(lastRun),
    lastSuccessfulSync: toRunInfo(lastSuccessful),
    runningSync: toRunInfo(running),
    dataAgeSeconds:
      lastSuccessful?.finished_at == null ? null : Math.max(0, now - lastSuccessful.finished_at),
    coverage: {
      oldestCreatedAt: isoTimeOrNull(coverage.oldest_created),
      newestCreatedAt: isoTimeOrNull(coverage.newest_created),
      newestUpdatedAt: isoTimeOrNull(coverage.newest_updated),
    },
    checkpoint: readCheckpoint(database),
    nextBackgroundSyncAt: nextBackgroundSync(input, now, lastRun, running),
    fidelity: getSyncFidelity(database),
  };
}

/**
 * Conversations, parts and contacts from table_counts (kept by triggers in the writes' transactions,
 * migration 0009): three rows, whatever the size. Admins, teams and tags are lists of a few hundred at
 * most and are counted. A database from before 0009 opened read-only counts every row, as fic did.
 */
function storedCounts(database: FicDatabase): SyncStatusResult['counts'] {
  const small = `(SELECT count(*) FROM admins) AS admins, (SELECT count(*) FROM teams) AS teams,
                 (SELECT count(*) FROM tags) AS tags`;
  if (schemaHas(database, 'table', 'table_counts')) {
    return one<SyncStatusResult['counts']>(
      database,
      `SELECT (SELECT rows FROM table_counts WHERE name = 'conversations') AS conversations,
              (SELECT rows FROM table_counts WHERE name = 'conversation_parts') AS parts,
              (SELECT rows FROM table_counts WHERE name = 'contacts') AS contacts, ${small}`,
    )!;
  }
  return one<SyncStatusResult['counts']>(
    database,
    `SELECT (SELECT count(*) FROM conversations) AS conversations,
            (SELECT total(parts_stored) FROM conversations) AS parts,
            (SELECT count(*) FROM contacts) AS contacts, ${small}`,
  )!;
}

function runInfo(row: RunRow, status: string): SyncRunInfo {
  return {
    id: row.id,
    status,
    mode: row.mode,
    startedAt: isoTime(row.started_at),
    finishedAt: isoTimeOrNull(row.finished_at),
    durationMs: row.duration_ms,
    conversationsSynced: row.conversations_synced,
    partsSynced: row.parts_synced,
    apiRequests: row.api_requests,
    error:
      row.error_code === null && row.error_message === null
        ? null
        : { code: row.error_code, message: row.error_message },
    pid: row.pid,
  };
}

/** Signal 0 checks that a process exists without touching it (EPERM: it exists, owned by another user). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readCheckpoint(database: FicDatabase): SyncStatusResult['checkpoint'] {
  const row = one<{ value: string }>(database, `SELECT value FROM sync_state WHERE key = 'checkpoint'`);
  if (row === undefined) return null;
  try {
    const value = JSON.parse(row.value) as { updatedAt?: unknown; id?: unknown } | null;
    if (typeof value?.updatedAt === 'number' && typeof value.id === 'string') {
      return { updatedAt: isoTime(value.updatedAt), id: value.id };
    }
  } catch {
    // An unreadable checkpoint is reported as none; verifyDatabase reports the damage itself.
  }
  return null;
}

function nextBackgroundSync(
  input: GetSyncStatusInput,
  now: number,
  lastRun: RunRow | undefined,
  running: RunRow | undefined,
): string | null {
  const { nextBackgroundSyncAt, syncIntervalMinutes } = input;
  if (nextBackgroundSyncAt !== undefined && nextBackgroundSyncAt !== null) {
    if (!Number.isFinite(nextBackgroundSyncAt)) {
      throw new FicError('invalid_input', 'nextBackgroundSyncAt must be a Unix time in seconds');
    }
    return isoTime(nextBackgroundSyncAt);
  }
  if (syncIntervalMinutes === undefined || syncIntervalMinutes === null) return null;
  if (!Number.isFinite(syncIntervalMinutes) || syncIntervalMinutes <= 0) {
    throw new FicError('invalid_input', 'syncIntervalMinutes must be a positive number');
  }
  if (running !== undefined) return null;
  const due = lastRun === undefined ? now : lastRun.started_at + Math.round(syncIntervalMinutes * 60);
  return isoTime(Math.max(due, now));
}
