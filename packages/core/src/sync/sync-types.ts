import type { CompanySyncResult } from './company-sync.js';
import type { TicketSyncResult } from './ticket-sync.js';
import type { ConversationRepository } from '../db/conversation-repository.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import type { DenseSeconds, MissingPermission } from './sync-plan.js';

export type { DenseSeconds, MissingPermission } from './sync-plan.js';

/**
 * auto (the default): an incremental sync re-lists `reconcileDays` when the last reconciliation is older
 * than `reconcileHours`; window: do that now; all: re-list the whole history now (by id and update time
 * only: just what differs is fetched, and deletions the deleted list missed are found); off: never.
 */
export type ReconcileMode = 'auto' | 'window' | 'all' | 'off';

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
  /** Reconciliation (a deeper re-listing for updates the search index showed late). Default 'auto'. */
  reconcile?: ReconcileMode;
  /** How long a reconciliation holds before an incremental sync reconciles again, in hours. Default 24. */
  reconcileHours?: number;
  /** How far back a reconciliation re-lists, in days. Default 7. */
  reconcileDays?: number;
  /** Stop after fetching this many conversations; the next run continues from there. Default: no bound. */
  maxConversations?: number;
  /** Conversation detail requests in flight. Default 40 (SYNC_DEFAULTS). */
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

/** In order; 'tickets' and 'companies' are the passes after the conversations' (run-sync.ts). */
export type SyncPhase =
  'metadata' | 'deletions' | 'conversations' | 'contacts' | 'tickets' | 'companies' | 'done';

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

/** What a reconciliation did. */
export interface ReconcileResult {
  /** The re-listed window started here (Unix seconds; 0: the whole history). */
  from: number;
  /** Conversations the re-listing showed. */
  listed: number;
  /** Search requests of the re-listing beyond what the incremental listing needed. */
  listingRequests: number;
  /** Stored conversations in the window the listing did not show, checked one by one. */
  checked: number;
}

export interface SyncResult {
  /**
   * partial: stopped at `maxConversations` (the next run continues), or finished with fetches that keep
   * failing outstanding (`outstandingFailures`; later runs retry them first). Failures of the run itself
   * throw a FicError instead.
   */
  status: 'succeeded' | 'partial' | 'failed';
  runId: number;
  conversationsSeen: number;
  conversationsSynced: number;
  /** Listed, then gone (404) when their details were fetched: deleted meanwhile, removed from the copy. */
  conversationsMissing: number;
  /** Conversations removed from the copy because Intercom deleted them (the deleted list, or a 404). */
  conversationsDeleted: number;
  /** Conversation fetches of this run that failed after their retries: recorded and skipped. */
  conversationsFailed: number;
  /** Fetches still failing after this run (conversations and contacts), retried first by the next. */
  outstandingFailures: number;
  /** Set when the run reconciled (re-listed a deeper window). */
  reconcile: ReconcileResult | null;
  /** Contacts the copy holds that contact search showed edited, now refreshed. */
  contactsRefreshed: number;
  /** What the token could not read (the sync went on without it). */
  missingPermissions: MissingPermission[];
  /** The ticket pass (runSync runs it after conversations); absent when it did not run. */
  tickets?: TicketSyncResult;
  /** The company pass (runSync runs it after tickets); absent when it did not run. */
  companies?: CompanySyncResult;
  /** Seconds holding more than a search page of conversations (listed by created_at within them). */
  denseSeconds: DenseSeconds | null;
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
