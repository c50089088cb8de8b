import type { ConversationRepository } from '../db/conversation-repository.js';
import type { IntercomClient } from '../intercom/intercom-client.js';

export type SyncMode = 'incremental' | 'full' | 'window';

export interface SyncOptions {
  client: IntercomClient;
  repository: ConversationRepository;
  /**
   * incremental: what changed since the checkpoint, minus the lookback (everything when there is no
   * checkpoint); window: everything updated since `since`; full: everything, details re-fetched even
   * when stored copies look current.
   */
  mode: SyncMode;
  /** Lower bound of updated_at for 'window' (Unix seconds, inclusive). Required in that mode. */
  since?: number;
  /** Re-listed minutes before the checkpoint to catch late writes. Default 10. */
  lookbackMinutes?: number;
  /** Stop after fetching this many conversations; the next run continues from there. Default: no bound. */
  maxConversations?: number;
  /** Conversation detail requests in flight. Default 20. */
  concurrency?: number;
  /** RSS the engine keeps under by shrinking in-flight work, in MB. Default 150. */
  memoryLimitMb?: number;
  /** Search pages listed ahead of the page being written (bounds memory). Default 3. */
  pagesAhead?: number;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  /** Aborting stops the sync cleanly: completed pages stay committed, the run is recorded 'interrupted'. */
  signal?: AbortSignal;
  onProgress?: (event: SyncProgress) => void;
  /** Called right before each page's transaction (tests use it to kill a sync mid-write). */
  onBeforeCommit?: (page: { index: number; conversations: number }) => void;
}

export type SyncPhase = 'metadata' | 'conversations' | 'contacts' | 'done';

export interface SyncProgress {
  phase: SyncPhase;
  pagesFetched: number;
  /** Conversations the listing reported for this run's window (search total_count), when known. */
  totalCount: number | null;
  /** Conversations listed so far. */
  conversationsSeen: number;
  /** Conversations waiting for or fetching their details. */
  conversationsQueued: number;
  conversationsFetched: number;
  conversationsWritten: number;
  partsWritten: number;
  apiRequests: number;
  retries: number;
  rateLimited: number;
  /** Conversations written per second over the last few seconds. */
  conversationsPerSecond: number;
  etaSeconds: number | null;
}

export interface SyncCheckpoint {
  updatedAt: number;
  id: string;
}

export interface SyncResult {
  /** partial: stopped at `maxConversations`, the next run continues. Failures throw a FicError instead. */
  status: 'succeeded' | 'partial' | 'failed';
  runId: number;
  conversationsSeen: number;
  conversationsSynced: number;
  /** Listed, then gone (404) before their details were fetched: deleted meanwhile, skipped. */
  conversationsMissing: number;
  partsSynced: number;
  contactsSynced: number;
  apiRequests: number;
  retries: number;
  rateLimitedResponses: number;
  durationMs: number;
  peakRssMb: number;
  checkpoint: SyncCheckpoint | null;
  error?: { code: string; message: string };
}
