import { isFicError } from '@fastintercom/core/read';
import type { FicConfig, ObjectRefreshRequest, ObjectRefreshResult } from '@fastintercom/core';
import type { Logger } from '../logger.js';

export interface WebhookRefresherOptions {
  config: Readonly<FicConfig>;
  logger: Logger;
  fetch?: typeof fetch;
  /** Wait after a refresh found the database locked by a sync, before trying again. Default 1000 ms. */
  retryMs?: number;
}

/**
 * Turns webhook notifications into refreshes of just the objects they name, one refresh at a time,
 * batching what arrives meanwhile. A sync holding the lock (the schedule, cron, a tool) delays the
 * refresh until it ends; any other failure is logged and dropped: the next scheduled sync lists the
 * change anyway.
 */
export class WebhookRefresher {
  readonly #options: WebhookRefresherOptions;
  #conversations = new Set<string>();
  #tickets = new Set<string>();
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #refreshObjects:
    ((config: FicConfig, request: ObjectRefreshRequest) => Promise<ObjectRefreshResult>) | undefined;

  constructor(options: WebhookRefresherOptions) {
    this.#options = options;
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
  }

  #kick(delayMs: number): void {
    if (this.#running !== undefined || this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
        if (this.#conversations.size + this.#tickets.size > 0) this.#kick(0);
      });
    }, delayMs);
  }

  async #run(): Promise<void> {
    const request = { conversations: [...this.#conversations], tickets: [...this.#tickets] };
    if (request.conversations.length + request.tickets.length === 0) return;
    this.#conversations = new Set();
    this.#tickets = new Set();
    try {
      if (this.#refreshObjects === undefined) {
        const core = await import('@fastintercom/core');
        this.#refreshObjects = (config, objects) =>
          core.refreshObjects(config, objects, { fetch: this.#options.fetch });
      }
      const result = await this.#refreshObjects(this.#options.config, request);
      this.#options.logger(
        `Webhook refresh: ${result.conversationsWritten} conversation(s) and ${result.ticketsWritten} ticket(s) written, ` +
          `${result.conversationsDeleted + result.ticketsDeleted} deleted, ${result.failed} failed.`,
      );
    } catch (error) {
      if (isFicError(error) && error.code === 'locked' && !this.#stopped) {
        for (const id of request.conversations) this.#conversations.add(id);
        for (const id of request.tickets) this.#tickets.add(id);
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
}
