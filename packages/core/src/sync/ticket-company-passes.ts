import type { FicConfig } from '../config.js';
import { CompanyRepository } from '../db/company-repository.js';
import type { FicDatabase } from '../db/open-database.js';
import { writeSyncState } from '../db/sync-state-write.js';
import { TicketRepository } from '../db/ticket-repository.js';
import { FicError, isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import { syncCompanies } from './company-sync.js';
import { leanHeap } from './heap-settings.js';
import { STATE_KEYS } from './sync-plan.js';
import type { ReconcileMode, SyncMode, SyncResult } from './sync-types.js';
import { syncTickets } from './ticket-sync.js';
import { sqliteOf } from '../db/open-database.js';

export interface TicketCompanyPassOptions {
  mode: SyncMode;
  /** 'all' or 'window' re-list every ticket now; 'auto' every `reconcileHours`; 'off' never. */
  reconcile?: ReconcileMode;
  concurrency?: number;
  signal?: AbortSignal;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  /** Told as each pass starts. */
  onPhase?: (phase: 'tickets' | 'companies') => void;
}

/**
 * The passes after conversations: tickets, then companies, with the same client (one rate limit). A
 * token without their permission is reported beside the conversations' missing permissions; any other
 * failure throws (the conversations written stay, and the next run's ticket pass resumes from its own
 * checkpoint).
 */
export async function syncTicketsAndCompanies(
  database: FicDatabase,
  client: IntercomClient,
  config: Pick<FicConfig, 'lookbackMinutes' | 'concurrency' | 'reconcileHours'>,
  options: TicketCompanyPassOptions,
  result: SyncResult,
): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const baseline = { ...client.stats };
  const started = now();
  // The passes allocate like the conversation pass (HTTP, JSON, rows) and run under the same V8 settings:
  // without them the old generation grew by ~50 MB of garbage during the ticket pass.
  const releaseHeap = leanHeap();
  try {
    options.onPhase?.('tickets');
    const tickets = await syncTickets({
      client,
      database,
      tickets: new TicketRepository(database, { now: nowSeconds }),
      mode: options.mode === 'full' ? 'full' : 'incremental',
      lookbackSeconds: config.lookbackMinutes * 60,
      concurrency: options.concurrency ?? config.concurrency,
      reconcile:
        options.reconcile === 'all' || options.reconcile === 'window'
          ? true
          : options.reconcile === 'off'
            ? false
            : undefined,
      reconcileAfterSeconds: config.reconcileHours * 3600,
      nowSeconds,
      signal: options.signal,
    });
    options.onPhase?.('companies');
    const companies = await syncCompanies({
      client,
      database,
      companies: new CompanyRepository(database),
      relist:
        options.mode === 'full' || options.reconcile === 'all' || options.reconcile === 'window'
          ? true
          : options.reconcile === 'off'
            ? false
            : undefined,
      relistAfterSeconds: config.reconcileHours * 3600,
      nowSeconds,
      signal: options.signal,
    });
    const missing = [...result.missingPermissions];
    if (tickets.missing !== null) missing.push(tickets.missing);
    if (companies.missing !== null) missing.push(companies.missing);
    sqliteOf(database)
      .transaction(() => writeSyncState(database, { [STATE_KEYS.missingPermissions]: missing }, nowSeconds()))
      .immediate();
    const status =
      result.status === 'succeeded' && tickets.outstandingFailures > 0 ? 'partial' : result.status;
    const counters = addPassCounters(database, result, client, baseline, now() - started, status);
    return {
      ...result,
      ...counters,
      status,
      outstandingFailures: result.outstandingFailures + tickets.outstandingFailures,
      missingPermissions: missing,
      tickets,
      companies,
    };
  } catch (error) {
    if (!isFicError(error)) throw error;
    throw new FicError(
      error.code,
      `Conversations are synced, but the ticket and company pass failed: ${error.message}`,
      {
        cause: error,
        details: { ...error.details, runId: result.runId, conversationsSynced: result.conversationsSynced },
      },
    );
  } finally {
    releaseHeap();
  }
}

/**
 * The run's request counters and duration cover these passes too (the conversation phase recorded its
 * own when it finished): the sync_runs row and the result say what the whole run cost.
 */
function addPassCounters(
  database: FicDatabase,
  result: SyncResult,
  client: IntercomClient,
  baseline: IntercomClient['stats'],
  passMs: number,
  status: SyncResult['status'],
): Pick<SyncResult, 'apiRequests' | 'retries' | 'rateLimitedResponses' | 'durationMs'> {
  const delta = {
    requests: client.stats.requests - baseline.requests,
    retries: client.stats.retries - baseline.retries,
    rateLimited: client.stats.rateLimited - baseline.rateLimited,
    errors: client.stats.errors - baseline.errors,
  };
  const durationMs = result.durationMs + Math.max(0, Math.round(passMs));
  sqliteOf(database)
    .prepare(
      `UPDATE sync_runs SET api_requests = api_requests + ?, retries = retries + ?,
              rate_limited = rate_limited + ?, errors = errors + ?, duration_ms = ?, status = ?
        WHERE id = ?`,
    )
    .run(delta.requests, delta.retries, delta.rateLimited, delta.errors, durationMs, status, result.runId);
  return {
    apiRequests: result.apiRequests + delta.requests,
    retries: result.retries + delta.retries,
    rateLimitedResponses: result.rateLimitedResponses + delta.rateLimited,
    durationMs,
  };
}
