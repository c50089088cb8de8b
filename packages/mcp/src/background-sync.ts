import { describeFailure } from './tool-results.js';
import type { Logger } from './logger.js';
import type { SyncJobManager } from './sync-jobs.js';

export interface BackgroundSyncOptions {
  jobs: SyncJobManager;
  /** Time between runs, in ms (FASTINTERCOM_SYNC_INTERVAL_MINUTES). */
  intervalMs: number;
  logger: Logger;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
  /**
   * Whether the copy is already older than an interval when the schedule starts (then the first sync
   * runs at once, not an interval later). Default: never due.
   */
  dueAtStartUp?: () => Promise<boolean>;
}

/**
 * Keeps the database fresh while the server runs: an incremental sync every interval, and one right at
 * start-up when the copy is older than an interval (or missing), so a server started after a weekend
 * does not answer from stale data for the first interval. A tick while a sync runs (a tool's, or cron's:
 * the lock says so) is skipped, not queued.
 */
export class BackgroundSync {
  readonly #options: BackgroundSyncOptions;
  #timer: NodeJS.Timeout | undefined;
  #nextRunAt: number | null = null;

  constructor(options: BackgroundSyncOptions) {
    this.#options = options;
  }

  get intervalMs(): number {
    return this.#options.intervalMs;
  }

  /** When the next run is due (ms since the epoch); null when stopped. */
  get nextRunAt(): number | null {
    return this.#nextRunAt;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#schedule();
    this.#timer = setInterval(() => this.#tick(), this.#options.intervalMs);
    // The schedule alone must not keep the process alive: the transport does.
    this.#timer.unref();
    const { dueAtStartUp, logger } = this.#options;
    if (dueAtStartUp === undefined) return;
    dueAtStartUp().then(
      (due) => {
        // Stopped meanwhile (cleanup during start-up): nothing to start.
        if (due && this.#timer !== undefined) this.#tick();
      },
      (error: unknown) =>
        logger(`Background sync: the data age is unknown: ${describeFailure(error, logger)}`),
    );
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#nextRunAt = null;
  }

  #tick(): void {
    this.#schedule();
    const { jobs, logger } = this.#options;
    if (jobs.running() !== undefined) {
      logger('Background sync skipped: a sync is already running.');
      return;
    }
    try {
      const { job } = jobs.start({ mode: 'incremental', trigger: 'background' });
      logger(`Background sync started (job ${job.id}).`);
    } catch (error) {
      logger(`Background sync not started: ${describeFailure(error, logger)}`);
    }
  }

  #schedule(): void {
    this.#nextRunAt = (this.#options.now ?? Date.now)() + this.#options.intervalMs;
  }
}
