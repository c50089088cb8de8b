import { randomUUID } from 'node:crypto';
import { FicError, isFicError } from '@fastintercom/core/read';
import type { FicConfig, runSync as RunSync, SyncProgress, SyncResult } from '@fastintercom/core';
import type { Logger } from './logger.js';

export type SyncMode = 'incremental' | 'full' | 'window';
export type SyncJobStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface SyncJobRequest {
  mode: SyncMode;
  /** Lower bound (Unix seconds) of updated_at for 'window'. */
  since?: number;
  maxConversations?: number;
  /** Who asked: a tool call or the background schedule. */
  trigger: 'tool' | 'background';
}

/** A sync as the server reports it (plain JSON). */
export interface SyncJob {
  readonly id: string;
  readonly trigger: SyncJobRequest['trigger'];
  readonly mode: SyncMode;
  status: SyncJobStatus;
  readonly startedAt: string;
  finishedAt: string | null;
  /** The latest progress event; null until the sync reports one. */
  progress: SyncProgress | null;
  result: SyncResult | null;
  error: { code: string; message: string } | null;
}

export interface SyncJobManagerOptions {
  config: FicConfig;
  logger: Logger;
  /** Passed to the Intercom client (tests). Default the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
  /** How many jobs (finished or not) are remembered for get_sync_status. Default 20. */
  history?: number;
  /** Runs a sync: `fic serve` runs it in a worker thread. Default core's runSync, in this thread. */
  runSync?: typeof RunSync;
}

export type SyncJobListener = (job: SyncJob) => void;

/**
 * Runs syncs in the background, one at a time, through core's runSync (which takes the database's sync
 * lock, so the server and a cron `fic sync` never write one database at once). A tool call gets a job
 * id at once and follows the job through `get` or `subscribe`.
 */
export class SyncJobManager {
  readonly #options: SyncJobManagerOptions;
  readonly #jobs = new Map<string, SyncJob>();
  readonly #listeners = new Set<SyncJobListener>();
  #running: { job: SyncJob; controller: AbortController; done: Promise<void> } | undefined;
  #runSync: typeof RunSync | undefined;

  constructor(options: SyncJobManagerOptions) {
    this.#options = options;
  }

  /**
   * Loads the sync engine (Intercom client, query builder, schemas), which the server leaves out of its
   * start-up. Once loaded, `start` runs a sync's first checks (token, lock) at once, so a caller learns
   * within a turn that a sync could not start. `start` loads it too when needed.
   */
  async load(): Promise<void> {
    await this.#loadRunSync();
  }

  /**
   * Starts a sync, or returns the one already running (`started: false`). Throws FicError('auth')
   * without a token: there is nothing to sync from.
   */
  start(request: SyncJobRequest): { job: SyncJob; started: boolean } {
    if (this.#running !== undefined) return { job: this.#running.job, started: false };
    if (this.#options.config.accessToken === undefined || this.#options.config.accessToken === '') {
      throw new FicError(
        'auth',
        'No Intercom token configured: set INTERCOM_ACCESS_TOKEN (or run fic init) and restart the server.',
      );
    }
    const job: SyncJob = {
      id: randomUUID(),
      trigger: request.trigger,
      mode: request.mode,
      status: 'running',
      startedAt: this.#isoNow(),
      finishedAt: null,
      progress: null,
      result: null,
      error: null,
    };
    this.#remember(job);
    const controller = new AbortController();
    const done = this.#run(job, request, controller.signal);
    this.#running = { job, controller, done };
    return { job, started: true };
  }

  get(id: string): SyncJob | undefined {
    return this.#jobs.get(id);
  }

  /** The running job, if any. */
  running(): SyncJob | undefined {
    return this.#running?.job;
  }

  /** The most recently started job, if any. */
  latest(): SyncJob | undefined {
    return [...this.#jobs.values()].at(-1);
  }

  /** Called on each progress event and once when a job ends. Returns the unsubscribe function. */
  subscribe(listener: SyncJobListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when the job is no longer running (at once if it is not). */
  async settled(id: string): Promise<void> {
    if (this.#running?.job.id === id) await this.#running.done;
  }

  /** Cancels the running sync (it stops at its next checkpoint and releases the lock) and waits for it. */
  async close(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    running.controller.abort();
    await running.done;
  }

  async #run(job: SyncJob, request: SyncJobRequest, signal: AbortSignal): Promise<void> {
    try {
      const runSync = this.#runSync ?? (await this.#loadRunSync());
      const result = await runSync(this.#options.config, {
        mode: request.mode,
        since: request.since,
        maxConversations: request.maxConversations,
        signal,
        fetch: this.#options.fetch,
        now: this.#options.now,
        onProgress: (progress) => {
          job.progress = progress;
          this.#emit(job);
        },
      });
      job.result = result;
      job.status = result.status;
      job.error = result.error ?? null;
    } catch (error) {
      job.status = 'failed';
      job.error = isFicError(error)
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
      if (!isFicError(error)) this.#options.logger(`Sync job ${job.id} crashed: ${String(error)}`);
    }
    job.finishedAt = this.#isoNow();
    this.#running = undefined;
    this.#options.logger(
      `Sync job ${job.id} (${job.trigger}, ${job.mode}) ${job.status}` +
        (job.error === null ? '' : `: ${job.error.message}`),
    );
    this.#emit(job);
  }

  async #loadRunSync(): Promise<typeof RunSync> {
    this.#runSync ??= this.#options.runSync ?? (await import('@fastintercom/core')).runSync;
    return this.#runSync;
  }

  #emit(job: SyncJob): void {
    for (const listener of this.#listeners) {
      try {
        listener(job);
      } catch (error) {
        this.#options.logger(`Sync job listener failed: ${String(error)}`);
      }
    }
  }

  #remember(job: SyncJob): void {
    this.#jobs.set(job.id, job);
    const history = this.#options.history ?? 20;
    for (const id of this.#jobs.keys()) {
      if (this.#jobs.size <= history) break;
      if (id !== this.#running?.job.id) this.#jobs.delete(id);
    }
  }

  #isoNow(): string {
    return new Date((this.#options.now ?? Date.now)()).toISOString();
  }
}
