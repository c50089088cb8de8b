/**
 * The sync's defaults, in one place: config.ts resolves settings to these, and the engine falls back to
 * them when called directly (tests, the benchmark).
 */
export const SYNC_DEFAULTS = Object.freeze({
  /**
   * Conversation detail requests in flight. With ~190 ms mean latency (150 ms median, long tail) it takes
   * ~35 in flight to use a 10,000/min budget; the rate limiter does the pacing, and the memory governor
   * lowers it while RSS nears the limit or the event loop is saturated.
   */
  concurrency: 40,
  /** Minutes an incremental sync re-lists before its checkpoint, for writes that landed late. */
  lookbackMinutes: 10,
  /** RSS the sync keeps under by shrinking its in-flight work, in MB. */
  memoryLimitMb: 150,
  /** Search pages listed ahead of the page being written (bounds memory). */
  pagesAhead: 3,
  /** A sync re-lists a deeper window (reconciliation) when the last one is older than this. */
  reconcileHours: 24,
  /** How far back a reconciliation re-lists, in days. */
  reconcileDays: 7,
  /** A rate-limit wait longer than this fails the run (the next run resumes), in seconds. */
  maxRateLimitWaitSeconds: 120,
});
