import fs from 'node:fs';
import type { FicDatabase, SyncRunInfo, SyncRunRow, SyncStatusResult } from '@fastintercom/core';

/** A sync run as status shows it: the query's view plus what the run recorded about its health. */
export interface StatusSyncRun extends SyncRunInfo {
  conversationsSeen: number | null;
  contactsSynced: number | null;
  retries: number | null;
  rateLimited: number | null;
  errors: number | null;
  /** errors / apiRequests, 0..1; null without requests. */
  errorRate: number | null;
  conversationsPerSecond: number | null;
  peakRssMb: number | null;
}

export interface StatusResult extends Omit<SyncStatusResult, 'lastSync'> {
  database: { path: string; sizeBytes: number };
  lastSync: StatusSyncRun | null;
  /** The process holding the sync lock, when it is alive. */
  syncInProgress: { pid: number; host: string; startedAt: string; run: SyncRunInfo | null } | null;
  /** A lock left by a sync whose process is gone (the next sync takes it over). */
  staleSyncLock: { path: string; pid: number | null; reason: string } | null;
  /** SQLite's quick_check of the file: skipped (checked false) on big files unless asked for. */
  integrity: { checked: boolean; ok: boolean | null; problems: string[]; detail: string };
  /** What `fic status --check` judges. */
  health: { ok: boolean; problems: string[]; staleAfterSeconds: number };
}

export interface CollectStatusOptions {
  syncIntervalMinutes: number;
  /** Run quick_check whatever the file's size (`--check`); otherwise only up to `quickCheckMaxBytes`. */
  alwaysCheckIntegrity?: boolean;
}

/**
 * The largest database (with its WAL) plain `fic status` runs quick_check on. The check reads the whole
 * file, 3 ms per MB from the OS cache (190 ms for 7,500 conversations, 60 MB; 0.8-1.2 s for 44,000,
 * 376 MB; several times that from a cold disk), so 32 MB (about 3,800 conversations, ~100 ms) keeps
 * status within its 300 ms start-up. `--check`, `fic verify` and every sync check any size.
 */
export const quickCheckMaxBytes = 32 * 1024 * 1024;

/**
 * Everything `fic status` (and the demo) shows: core's getSyncStatus, the last run's health figures
 * from sync_runs, the database's size on disk, SQLite's quick_check of the file, the sync lock (a live
 * holder, or one left by a sync that died), and the health verdict.
 */
export async function collectStatus(
  database: FicDatabase,
  options: CollectStatusOptions,
): Promise<StatusResult> {
  const {
    assessSyncHealth,
    describeSyncHealthProblem,
    getLastSyncRun,
    getSyncStatus,
    inspectSyncLock,
    quickCheck,
    rebuildAdvice,
  } = await import('@fastintercom/core/read');
  const sizeBytes = databaseSize(database.path);
  const integrity =
    options.alwaysCheckIntegrity === true || sizeBytes <= quickCheckMaxBytes
      ? integrityOf(quickCheck(database))
      : notChecked(sizeBytes);
  const status = getSyncStatus(database, { syncIntervalMinutes: options.syncIntervalMinutes });
  const lastRunRow = getLastSyncRun(database);
  const lockState = inspectSyncLock(database.path);
  const lock = lockState?.stale === false ? lockState.info : undefined;
  // The verdict on the data is core's (get_sync_status gives the same); the file's problems are ours.
  const health = assessSyncHealth(status, lastRunRow, options.syncIntervalMinutes);
  const staleAfterSeconds = health.staleAfterSeconds;

  const result: StatusResult = {
    database: { path: database.path, sizeBytes },
    ...status,
    lastSync:
      status.lastSync === null
        ? null
        : {
            ...status.lastSync,
            ...runHealth(lastRunRow?.id === status.lastSync.id ? lastRunRow : undefined),
          },
    syncInProgress:
      lock === undefined
        ? null
        : {
            pid: lock.pid,
            host: lock.host,
            startedAt: new Date(lock.startedAt * 1000).toISOString(),
            run: status.runningSync,
          },
    staleSyncLock:
      lockState?.stale === true
        ? {
            path: lockState.path,
            pid: lockState.info?.pid ?? null,
            reason: lockState.reason ?? 'its holder is gone',
          }
        : null,
    integrity,
    health: { ok: true, problems: [], staleAfterSeconds },
  };
  result.health.problems = [
    ...fileProblems(result, rebuildAdvice),
    ...health.problems.map((problem) => describeSyncHealthProblem(problem, 'run fic sync')),
  ];
  result.health.ok = result.health.problems.length === 0;
  return result;
}

/** What is wrong with the file and its lock, ahead of what is wrong with the data. */
function fileProblems(
  status: Pick<StatusResult, 'database' | 'integrity' | 'staleSyncLock'>,
  rebuildAdvice: (file: string) => string,
): string[] {
  const problems: string[] = [];
  if (status.integrity.ok === false) {
    problems.push(
      `The database file is damaged (SQLite quick_check: ${status.integrity.problems.join('; ')}), so fic sync will not write into it: ${rebuildAdvice(status.database.path)}.`,
    );
  }
  const lock = status.staleSyncLock;
  if (lock !== null) {
    problems.push(
      `A sync${lock.pid === null ? '' : ` (pid ${lock.pid})`} stopped without finishing and left its lock ${lock.path} (${lock.reason}): the next fic sync takes the lock over.`,
    );
  }
  return problems;
}

function integrityOf(problems: string[]): StatusResult['integrity'] {
  return {
    checked: true,
    ok: problems.length === 0,
    problems,
    detail: problems.length === 0 ? 'ok (SQLite quick_check)' : `damaged: ${problems.join('; ')}`,
  };
}

function notChecked(sizeBytes: number): StatusResult['integrity'] {
  const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
  return {
    checked: false,
    ok: null,
    problems: [],
    detail: `not checked by every fic status (${mb(sizeBytes)} MB, over ${mb(quickCheckMaxBytes)} MB): fic status --check, fic verify and every sync check it`,
  };
}

function runHealth(row: SyncRunRow | undefined): Omit<StatusSyncRun, keyof SyncRunInfo> {
  return {
    conversationsSeen: row?.conversations_seen ?? null,
    contactsSynced: row?.contacts_synced ?? null,
    retries: row?.retries ?? null,
    rateLimited: row?.rate_limited ?? null,
    errors: row?.errors ?? null,
    errorRate: row && row.api_requests > 0 ? row.errors / row.api_requests : null,
    conversationsPerSecond: row?.conversations_per_second ?? null,
    peakRssMb: row?.peak_rss_mb ?? null,
  };
}

/** The database with its WAL: what the data takes on disk. */
function databaseSize(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + fs.statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}
