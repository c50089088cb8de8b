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
  /** What `fic status --check` judges. */
  health: { ok: boolean; problems: string[]; staleAfterSeconds: number };
}

/** A sync whose error rate passes this is unhealthy. */
const maxErrorRate = 0.01;
/** Data older than this many sync intervals is unhealthy. */
const staleIntervals = 3;

/**
 * Everything `fic status` (and the demo) shows: core's getSyncStatus, the last run's health figures
 * from sync_runs, the database's size on disk, a live sync lock holder, and the health verdict.
 */
export async function collectStatus(
  database: FicDatabase,
  options: { syncIntervalMinutes: number },
): Promise<StatusResult> {
  const { getLastSyncRun, getSyncStatus, isProcessAlive, readSyncLock } =
    await import('@fastintercom/core/read');
  const status = getSyncStatus(database, { syncIntervalMinutes: options.syncIntervalMinutes });
  const lastRunRow = getLastSyncRun(database);
  const lock = readSyncLock(database.path);
  const staleAfterSeconds = staleIntervals * options.syncIntervalMinutes * 60;

  const result: StatusResult = {
    database: { path: database.path, sizeBytes: databaseSize(database.path) },
    ...status,
    lastSync:
      status.lastSync === null
        ? null
        : {
            ...status.lastSync,
            ...runHealth(lastRunRow?.id === status.lastSync.id ? lastRunRow : undefined),
          },
    syncInProgress:
      lock !== undefined && isProcessAlive(lock.pid)
        ? {
            pid: lock.pid,
            host: lock.host,
            startedAt: new Date(lock.startedAt * 1000).toISOString(),
            run: status.runningSync,
          }
        : null,
    health: { ok: true, problems: [], staleAfterSeconds },
  };
  result.health.problems = healthProblems(result, staleAfterSeconds);
  result.health.ok = result.health.problems.length === 0;
  return result;
}

/** Why the data is unhealthy: stale, the last sync failed, too many errors. Empty when healthy. */
export function healthProblems(
  status: Pick<StatusResult, 'lastSync' | 'lastSuccessfulSync' | 'dataAgeSeconds' | 'fidelity'>,
  staleAfterSeconds: number,
): string[] {
  const problems: string[] = [];
  const failing = status.fidelity.outstandingFailures;
  if (failing.conversations + failing.contacts > 0) {
    problems.push(
      `${failing.conversations} conversations and ${failing.contacts} contacts could not be fetched (each sync retries them; see Failing fetches).`,
    );
  }
  if (status.lastSuccessfulSync === null) {
    problems.push('No sync has succeeded yet: run fic sync.');
  } else if (status.dataAgeSeconds !== null && status.dataAgeSeconds > staleAfterSeconds) {
    problems.push(
      `The data is ${Math.round(status.dataAgeSeconds / 60)} minutes old, more than ${staleIntervals} sync intervals (${staleAfterSeconds / 60} minutes).`,
    );
  }
  const last = status.lastSync;
  if (last?.status === 'failed') {
    problems.push(`The last sync failed: ${last.error?.message ?? 'no error was recorded'}`);
  }
  if (last && last.errorRate !== null && last.errorRate > maxErrorRate) {
    problems.push(
      `The last sync's error rate was ${(last.errorRate * 100).toFixed(1)}% (${last.errors} errors in ${last.apiRequests} requests), over ${maxErrorRate * 100}%.`,
    );
  }
  return problems;
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
