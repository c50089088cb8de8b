import { setMaxListeners } from 'node:events';
import type { FicConfig } from '../config.js';
import { ConversationRepository } from '../db/conversation-repository.js';
import { openDatabase } from '../db/open-database.js';
import type { FicDatabase } from '../db/open-database.js';
import { FicError } from '../errors.js';
import { IntercomClient } from '../intercom/intercom-client.js';
import type { IntercomClientOptions } from '../intercom/intercom-client.js';
import { acquireSyncLock } from './sync-lock.js';
import { syncConversations } from './sync-conversations.js';
import type { SyncMode, SyncOptions, SyncProgress, SyncResult } from './sync-types.js';

export interface RunSyncOptions {
  mode: SyncMode;
  /** Lower bound for 'window' (Unix seconds); e.g. now - days * 86400. */
  since?: number;
  /** Overrides config.maxConversationsPerSync. */
  maxConversations?: number;
  /** Overrides config.concurrency. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (event: SyncProgress) => void;
  /** A fetch for the client to send requests through (tests). Default: node:http keep-alive (see `client.transport`). */
  fetch?: typeof fetch;
  /** Further client settings (an event listener for logs, retry delays in tests, a wrapped `transport`...). */
  client?: Omit<IntercomClientOptions, 'baseUrl' | 'token' | 'fetch' | 'signal'>;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  onBeforeCommit?: SyncOptions['onBeforeCommit'];
}

/**
 * A whole sync as the CLI and the MCP server run it: takes the database's sync lock (FicError 'locked'
 * if another sync holds it), opens and migrates the database, marks runs whose process died as
 * interrupted, builds the client from the config and syncs. Lock, database and requests are released
 * whatever happens. Resolves with the result; failures throw the FicError (auth, locked, api, timeout,
 * aborted, ...) after the run is recorded, leaving earlier data as it was.
 */
export async function runSync(config: FicConfig, options: RunSyncOptions): Promise<SyncResult> {
  if (config.accessToken === undefined || config.accessToken.trim() === '') {
    throw new FicError('auth', 'No Intercom access token: set INTERCOM_ACCESS_TOKEN or run fic init.');
  }
  const lock = acquireSyncLock(config.dbPath);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every in-flight request listens to it
  let database: FicDatabase | undefined;
  try {
    database = await openDatabase(config.dbPath);
    const repository = new ConversationRepository(database, { now: options.now });
    repository.markInterruptedRuns();
    const client = IntercomClient.fromConfig(config, {
      ...options.client,
      fetch: options.fetch,
      signal: controller.signal,
    });
    return await syncConversations({
      client,
      repository,
      mode: options.mode,
      since: options.since,
      lookbackMinutes: config.lookbackMinutes,
      maxConversations: options.maxConversations ?? config.maxConversationsPerSync,
      concurrency: options.concurrency ?? config.concurrency,
      memoryLimitMb: config.memoryLimitMb,
      now: options.now,
      signal: options.signal,
      onProgress: options.onProgress,
      onBeforeCommit: options.onBeforeCommit,
    });
  } finally {
    // Requests a failed run left in flight are cancelled, not waited for.
    controller.abort();
    try {
      await database?.close();
    } finally {
      lock.release();
    }
  }
}
