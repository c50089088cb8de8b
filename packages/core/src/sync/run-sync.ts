import type { FicConfig } from '../config.js';
import { ConversationRepository } from '../db/conversation-repository.js';
import { openDatabase } from '../db/open-database.js';
import type { FicDatabase } from '../db/open-database.js';
import { IntercomClient } from '../intercom/intercom-client.js';
import type { IntercomClientOptions } from '../intercom/intercom-client.js';
import { acquireSyncLock } from './sync-lock.js';
import { syncConversations } from './sync-conversations.js';
import { syncTicketsAndCompanies } from './ticket-company-passes.js';
import type { ReconcileMode, SyncMode, SyncOptions, SyncProgress, SyncResult } from './sync-types.js';

export interface RunSyncOptions {
  mode: SyncMode;
  /** Lower bound for 'window' (Unix seconds); e.g. now - days * 86400. */
  since?: number;
  /** Overrides config.maxConversationsPerSync. */
  maxConversations?: number;
  /** Overrides config.concurrency. */
  concurrency?: number;
  /** Reconciliation: 'auto' (the default) by config.reconcileHours / reconcileDays. */
  reconcile?: ReconcileMode;
  signal?: AbortSignal;
  onProgress?: (event: SyncProgress) => void;
  /** A fetch for the client to send requests through (tests). Default: node:http keep-alive (see `client.transport`). */
  fetch?: typeof fetch;
  /** Further client settings (an event listener for logs, retry delays in tests, a wrapped `transport`...). */
  client?: Omit<IntercomClientOptions, 'baseUrl' | 'token' | 'fetch'>;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  onBeforeCommit?: SyncOptions['onBeforeCommit'];
}

/**
 * A whole sync as the CLI and the MCP server run it: builds the client from the config (FicError
 * 'auth' without a token), takes the database's sync lock (FicError 'locked' if another sync holds it),
 * opens and migrates the database, marks runs whose process died as interrupted and syncs. Lock and
 * database are released whatever happens (the engine cancels its own requests). Resolves with the
 * result; failures throw the FicError (auth, permission, locked, api, timeout, aborted, ...) after the
 * run is recorded, leaving earlier data as it was.
 */
export async function runSync(config: FicConfig, options: RunSyncOptions): Promise<SyncResult> {
  const client = IntercomClient.fromConfig(config, { ...options.client, fetch: options.fetch });
  const lock = acquireSyncLock(config.dbPath);
  let database: FicDatabase | undefined;
  try {
    database = await openDatabase(config.dbPath);
    const repository = new ConversationRepository(database, { now: options.now });
    repository.markInterruptedRuns();
    // The conversation pass's 'done' is held back until the ticket and company passes are over: a
    // progress bar or an MCP client told 'done' would stop watching a sync that still runs.
    let last: SyncProgress | undefined;
    const report = options.onProgress;
    const onProgress =
      report === undefined
        ? undefined
        : (event: SyncProgress): void => {
            last = event;
            report(event.phase === 'done' ? { ...event, phase: 'tickets', etaSeconds: null } : event);
          };
    const result = await syncConversations({
      client,
      repository,
      mode: options.mode,
      since: options.since,
      lookbackMinutes: config.lookbackMinutes,
      reconcile: options.reconcile,
      reconcileHours: config.reconcileHours,
      reconcileDays: config.reconcileDays,
      maxConversations: options.maxConversations ?? config.maxConversationsPerSync,
      concurrency: options.concurrency ?? config.concurrency,
      memoryLimitMb: config.memoryLimitMb,
      now: options.now,
      signal: options.signal,
      onProgress,
      onBeforeCommit: options.onBeforeCommit,
    });
    const passes = await syncTicketsAndCompanies(
      database,
      client,
      config,
      {
        mode: options.mode,
        reconcile: options.reconcile,
        concurrency: options.concurrency,
        signal: options.signal,
        now: options.now,
        onPhase: (phase) => {
          if (report !== undefined && last !== undefined) report({ ...last, phase, etaSeconds: null });
        },
      },
      result,
    );
    if (report !== undefined && last !== undefined) {
      report({ ...last, phase: 'done', apiRequests: passes.apiRequests, etaSeconds: 0 });
    }
    return passes;
  } finally {
    try {
      await database?.close();
    } finally {
      lock.release();
    }
  }
}
