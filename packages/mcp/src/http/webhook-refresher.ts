import { isFicError } from '@fastintercom/core/read';
import type {
  FicConfig,
  ObjectRefreshOptions,
  ObjectRefreshRequest,
  ObjectRefreshResult,
} from '@fastintercom/core';
import { DatabaseHandle } from '../database-handle.js';
import type { Logger } from '../logger.js';

export interface WebhookRefresherOptions {
  config: Readonly<FicConfig>;
  logger: Logger;
  fetch?: typeof fetch;
  /** True while a sync of this process (the schedule's, a tool's) runs: it holds the database lock. */
  ownSyncRunning?: () => boolean;
  /** Wait before trying again while a sync holds the lock. Default 1000 ms. */
  retryMs?: number;
}

type Refresh = (
  config: FicConfig,
  request: ObjectRefreshRequest,
  options: ObjectRefreshOptions,
) => Promise<ObjectRefreshResult>;

/**
 * Turns webhook notifications into refreshes of just the objects they name, one refresh at a time,
 * batching what arrives meanwhile, through one read-write connection kept open (a fresh open runs
 * quick_check, about a second on a large copy). While this process's own sync holds the lock, the
 * refresh writes beside it at once, and runs again under the lock when that sync ends (the sync may have
 * fetched an object before it changed). While another process's sync (cron) holds it, the refresh waits
 * for it. Any other failure is logged and dropped: the next scheduled sync lists the change anyway.
 */
export class WebhookRefresher {
  readonly #options: WebhookRefresherOptions;
  readonly #writer: DatabaseHandle;
  #conversations = new Set<string>();
  #tickets = new Set<string>();
  /** Written beside this process's sync: refreshed again once it ends. */
  #afterSync: ObjectRefreshRequest[] = [];
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #refresh: Refresh | undefined;

  constructor(options: WebhookRefresherOptions) {
    this.#options = options;
    this.#writer = new DatabaseHandle(
      options.config.dbPath,
      async (file) => (await import('@fastintercom/core/read')).openDatabase(file),
      options.logger,
    );
  }

  add(kind: 'conversation' | 'ticket', id: string): void {
    if (this.#stopped) return;
    (kind === 'conversation' ? this.#conversations : this.#tickets).add(id);
    this.#kick(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.#writer.close();
  }

  #kick(delayMs: number): void {
    if (this.#running !== undefined || this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
        if (this.#conversations.size + this.#tickets.size > 0) this.#kick(0);
        else if (this.#afterSync.length > 0) this.#kick(this.#options.retryMs ?? 1000);
      });
    }, delayMs);
  }

  async #run(): Promise<void> {
    const ownSync = this.#options.ownSyncRunning?.() === true;
    if (!ownSync) {
      // The objects written beside a sync that has ended: once more, under the lock.
      for (const request of this.#afterSync.splice(0)) this.#queue(request);
    }
    const request = { conversations: [...this.#conversations], tickets: [...this.#tickets] };
    if (request.conversations.length + request.tickets.length === 0) return;
    this.#conversations = new Set();
    this.#tickets = new Set();
    try {
      this.#refresh ??= (await import('@fastintercom/core')).refreshObjects;
      const database = await this.#writer.get();
      const result = await this.#refresh(this.#options.config, request, {
        fetch: this.#options.fetch,
        database,
        besideOwnSync: ownSync,
      });
      if (ownSync) this.#afterSync.push(request);
      this.#options.logger(
        `Webhook refresh: ${result.conversationsWritten} conversation(s) and ${result.ticketsWritten} ticket(s) written, ` +
          `${result.conversationsDeleted + result.ticketsDeleted} deleted, ${result.failed} failed` +
          (ownSync ? ' (beside the running sync; again when it ends).' : '.'),
      );
    } catch (error) {
      if (isFicError(error) && error.code === 'locked' && !this.#stopped) {
        this.#queue(request);
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#kick(0);
        }, this.#options.retryMs ?? 1000);
        return;
      }
      const message = isFicError(error) ? error.message : String(error);
      this.#options.logger(`Webhook refresh failed (the scheduled sync will catch up): ${message}`);
    }
  }

  #queue(request: ObjectRefreshRequest): void {
    for (const id of request.conversations ?? []) this.#conversations.add(id);
    for (const id of request.tickets ?? []) this.#tickets.add(id);
  }
}
