import type { SyncPhase, SyncProgress } from './sync-types.js';

export interface ClientStats {
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly errors: number;
}

/** How far back the rate looks, in ms: long enough to smooth page bursts, short enough to follow change. */
const RATE_WINDOW_MS = 10_000;
/** Progress while fetching is emitted at most this often. */
const TICK_MS = 250;

/**
 * The counters of one sync and the progress events built from them. Request counts are read from the
 * client as deltas from the start of the run (a long-lived client may serve several runs).
 */
export class SyncProgressTracker {
  readonly #now: () => number;
  readonly #stats: () => ClientStats;
  readonly #baseline: ClientStats;
  readonly #onProgress: ((event: SyncProgress) => void) | undefined;
  readonly #samples: { at: number; written: number; done: number }[] = [];
  #timer: NodeJS.Timeout | undefined;

  phase: SyncPhase = 'metadata';
  pagesFetched = 0;
  totalCount: number | null = null;
  conversationsSeen = 0;
  conversationsQueued = 0;
  conversationsFetched = 0;
  conversationsWritten = 0;
  /** Listed conversations whose page is committed (written or found current). */
  conversationsDone = 0;
  conversationsMissing = 0;
  /** Conversations removed from the copy because Intercom deleted them. */
  conversationsDeleted = 0;
  /** Conversation fetches that failed after retries (recorded and skipped). */
  conversationsFailed = 0;
  partsWritten = 0;
  contactsWritten = 0;

  constructor(options: {
    now: () => number;
    stats: () => ClientStats;
    onProgress?: (event: SyncProgress) => void;
  }) {
    this.#now = options.now;
    this.#stats = options.stats;
    this.#baseline = { ...options.stats() };
    this.#onProgress = options.onProgress;
  }

  /** Requests, retries, 429s and errors of this run so far. */
  requestStats(): ClientStats {
    const stats = this.#stats();
    return {
      requests: stats.requests - this.#baseline.requests,
      retries: stats.retries - this.#baseline.retries,
      rateLimited: stats.rateLimited - this.#baseline.rateLimited,
      errors: stats.errors - this.#baseline.errors,
    };
  }

  setPhase(phase: SyncPhase): void {
    this.phase = phase;
    if (phase === 'conversations' && this.#timer === undefined && this.#onProgress !== undefined) {
      this.#timer = setInterval(() => this.emit(), TICK_MS);
      this.#timer.unref();
    }
    if (phase === 'done') this.stop();
    this.emit();
  }

  pageWritten(listed: number, written: number, parts: number): void {
    this.conversationsDone += listed;
    this.conversationsWritten += written;
    this.partsWritten += parts;
    this.emit();
  }

  emit(): void {
    if (this.#onProgress === undefined) return;
    const stats = this.requestStats();
    const { perSecond, etaSeconds } = this.#rate();
    this.#onProgress({
      phase: this.phase,
      pagesFetched: this.pagesFetched,
      totalCount: this.totalCount,
      conversationsSeen: this.conversationsSeen,
      conversationsQueued: this.conversationsQueued,
      conversationsFetched: this.conversationsFetched,
      conversationsWritten: this.conversationsWritten,
      partsWritten: this.partsWritten,
      apiRequests: stats.requests,
      retries: stats.retries,
      rateLimited: stats.rateLimited,
      conversationsPerSecond: perSecond,
      etaSeconds,
    });
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Written per second, and the time left from the pace at which listed conversations get done. */
  #rate(): { perSecond: number; etaSeconds: number | null } {
    const at = this.#now();
    this.#samples.push({ at, written: this.conversationsWritten, done: this.conversationsDone });
    while (this.#samples.length > 2 && this.#samples[0]!.at < at - RATE_WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0]!;
    const seconds = (at - first.at) / 1000;
    if (seconds <= 0) return { perSecond: 0, etaSeconds: null };
    const perSecond = Math.round(((this.conversationsWritten - first.written) / seconds) * 10) / 10;
    const donePerSecond = (this.conversationsDone - first.done) / seconds;
    if (this.phase === 'done') return { perSecond, etaSeconds: 0 };
    if (this.totalCount === null || donePerSecond <= 0) return { perSecond, etaSeconds: null };
    const remaining = Math.max(0, this.totalCount - this.conversationsDone);
    return { perSecond, etaSeconds: Math.round(remaining / donePerSecond) };
  }
}
