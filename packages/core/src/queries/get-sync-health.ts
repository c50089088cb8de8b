import type { FicDatabase } from '../db/open-database.js';
import type { SyncRunRow } from '../db/sync-run-repository.js';
import { getLastSyncRun } from './last-sync-run.js';
import { getSyncStatus } from './get-sync-status.js';
import type { SyncStatusResult } from './query-types.js';

/** A last sync whose error rate (errors / API requests) passes this is unhealthy. */
export const MAX_SYNC_ERROR_RATE = 0.01;
/** Data older than this many sync intervals is stale. */
export const STALE_SYNC_INTERVALS = 3;

export type SyncHealthProblemCode =
  | 'never_synced'
  | 'stale'
  | 'last_sync_failed'
  | 'last_sync_interrupted'
  | 'outstanding_failures'
  | 'error_rate';

/**
 * One thing wrong with the copy. `message` says what is wrong and is the same wherever it is shown;
 * `needsSync` says a new sync is the remedy, which each surface phrases in its own words (`fic sync`
 * on the command line, the sync_conversations tool for a model).
 */
export interface SyncHealthProblem {
  code: SyncHealthProblemCode;
  message: string;
  needsSync: boolean;
}

export interface SyncHealth {
  /** No problem found. */
  ok: boolean;
  /** The data is older than `staleAfterSeconds` (or was never synced). */
  stale: boolean;
  staleAfterSeconds: number;
  /** Seconds since the last successful sync ended; null if none. */
  dataAgeSeconds: number | null;
  /** running | succeeded | failed | interrupted | partial, or null before the first sync. */
  lastSyncStatus: string | null;
  /** Fetches that keep failing (the failure list): each sync retries them. */
  outstandingFailures: { conversations: number; contacts: number };
  /** The last sync's errors / API requests, 0..1; null without requests. */
  errorRate: number | null;
  /** Worst first. Empty when healthy. */
  problems: SyncHealthProblem[];
}

export interface SyncHealthInput {
  /** FASTINTERCOM_SYNC_INTERVAL_MINUTES: data older than three intervals is stale. */
  syncIntervalMinutes: number;
  /** Unix seconds. Default now. */
  now?: number;
}

/** The health verdict of the copy: getSyncStatus and the last run's counters, judged. */
export function getSyncHealth(database: FicDatabase, input: SyncHealthInput): SyncHealth {
  const status = getSyncStatus(database, { now: input.now });
  return assessSyncHealth(status, getLastSyncRun(database), input.syncIntervalMinutes);
}

/**
 * The verdict from a status the caller already read (`fic status` and get_sync_status show the status
 * too, so they do not read it twice). `lastRun` gives the error counters; it is ignored unless it is the
 * status's last sync.
 */
export function assessSyncHealth(
  status: Pick<SyncStatusResult, 'lastSync' | 'lastSuccessfulSync' | 'dataAgeSeconds' | 'fidelity'>,
  lastRun: SyncRunRow | undefined,
  syncIntervalMinutes: number,
): SyncHealth {
  const staleAfterSeconds = STALE_SYNC_INTERVALS * syncIntervalMinutes * 60;
  const problems: SyncHealthProblem[] = [];
  const failing = status.fidelity.outstandingFailures;
  const last = status.lastSync;
  const run = lastRun !== undefined && lastRun.id === last?.id ? lastRun : undefined;
  const errorRate = run !== undefined && run.api_requests > 0 ? run.errors / run.api_requests : null;
  const stale =
    status.lastSuccessfulSync === null ||
    (status.dataAgeSeconds !== null && status.dataAgeSeconds > staleAfterSeconds);

  if (failing.conversations + failing.contacts > 0) {
    problems.push({
      code: 'outstanding_failures',
      message: `${failing.conversations} conversations and ${failing.contacts} contacts could not be fetched (each sync retries them; until then they may be missing or out of date).`,
      needsSync: false,
    });
  }
  if (status.lastSuccessfulSync === null) {
    problems.push({ code: 'never_synced', message: 'No sync has succeeded yet.', needsSync: true });
  } else if (stale && status.dataAgeSeconds !== null) {
    problems.push({
      code: 'stale',
      message: `The data is ${Math.round(status.dataAgeSeconds / 60)} minutes old, more than ${STALE_SYNC_INTERVALS} sync intervals (${staleAfterSeconds / 60} minutes).`,
      needsSync: true,
    });
  }
  if (last?.status === 'failed') {
    problems.push({
      code: 'last_sync_failed',
      message: `The last sync failed: ${last.error?.message ?? 'no error was recorded'}`,
      needsSync: true,
    });
  } else if (last?.status === 'interrupted') {
    problems.push({
      code: 'last_sync_interrupted',
      message: `The last sync (started ${last.startedAt}) stopped before it finished; the next sync goes on from what it committed.`,
      needsSync: true,
    });
  }
  if (run !== undefined && errorRate !== null && errorRate > MAX_SYNC_ERROR_RATE) {
    problems.push({
      code: 'error_rate',
      message: `The last sync's error rate was ${(errorRate * 100).toFixed(1)}% (${run.errors} errors in ${run.api_requests} requests), over ${MAX_SYNC_ERROR_RATE * 100}%.`,
      needsSync: false,
    });
  }
  return {
    ok: problems.length === 0,
    stale,
    staleAfterSeconds,
    dataAgeSeconds: status.dataAgeSeconds,
    lastSyncStatus: last?.status ?? null,
    outstandingFailures: { conversations: failing.conversations, contacts: failing.contacts },
    errorRate,
    problems,
  };
}

/** A problem as one sentence with the surface's way to sync (`run fic sync`, `call sync_conversations`). */
export function describeSyncHealthProblem(problem: SyncHealthProblem, syncRemedy: string): string {
  if (!problem.needsSync || problem.code === 'last_sync_interrupted' || problem.code === 'last_sync_failed') {
    return problem.message;
  }
  return `${problem.message.replace(/\.$/, '')}: ${syncRemedy}.`;
}
