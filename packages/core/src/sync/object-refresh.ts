import type { FicConfig } from '../config.js';
import { ConversationRepository } from '../db/conversation-repository.js';
import { openDatabase } from '../db/open-database.js';
import type { FicDatabase } from '../db/open-database.js';
import { payloadCodec } from '../db/raw-payloads.js';
import { TicketRepository } from '../db/ticket-repository.js';
import { isFicError } from '../errors.js';
import { IntercomClient } from '../intercom/intercom-client.js';
import type { IntercomClientOptions } from '../intercom/intercom-client.js';
import { failureOf } from './contact-sync.js';
import { mapConversation } from './conversation-mapper.js';
import { isItemFailure } from './fetch-failures.js';
import { acquireSyncLock } from './sync-lock.js';
import { TicketFetcher } from './ticket-sync.js';

/** The objects a change notification (an Intercom webhook) named. */
export interface ObjectRefreshRequest {
  conversations?: readonly string[];
  tickets?: readonly string[];
}

export interface ObjectRefreshResult {
  conversationsWritten: number;
  /** Answered 404: deleted in Intercom, removed from the copy (tombstoned like any deletion). */
  conversationsDeleted: number;
  ticketsWritten: number;
  ticketsDeleted: number;
  /** Fetches that failed after their retries: recorded like a sync's, retried first by the next sync. */
  failed: number;
}

export interface ObjectRefreshOptions {
  fetch?: typeof fetch;
  client?: Omit<IntercomClientOptions, 'baseUrl' | 'token' | 'fetch'>;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  signal?: AbortSignal;
  /**
   * A read-write connection the caller keeps open across refreshes (and closes): a fresh read-write open
   * runs SQLite's quick_check, about 1 s at 44,000 conversations. Default: opened and closed here.
   */
  database?: FicDatabase;
  /**
   * Writes without taking the sync lock. Only for a caller whose own sync, in the same process, holds
   * it: SQLite serialises the writes, and the caller refreshes the same objects again under the lock
   * once that sync ends, so an older copy the sync fetched before the change cannot stay.
   */
  besideOwnSync?: boolean;
}

/**
 * Re-reads just the named conversations and tickets (GET /conversations/{id}, GET /tickets/{id}) and
 * writes each through the repository write the sync uses, so the copy and its search index hold exactly
 * what a sync would have written. Takes the database's sync lock like a sync (FicError 'locked' while one
 * runs: the caller tries again after it). Moves no checkpoint and records no sync run: the scheduled sync
 * still lists everything, so the data age it reports stays honest. A conversation's new contacts are
 * stored as stubs for the next sync to fetch, as a sync does with contacts it could not read.
 */
export async function refreshObjects(
  config: FicConfig,
  request: ObjectRefreshRequest,
  options: ObjectRefreshOptions = {},
): Promise<ObjectRefreshResult> {
  const client = IntercomClient.fromConfig(config, { ...options.client, fetch: options.fetch });
  const nowSeconds = (): number => Math.floor((options.now ?? Date.now)() / 1000);
  const result: ObjectRefreshResult = {
    conversationsWritten: 0,
    conversationsDeleted: 0,
    ticketsWritten: 0,
    ticketsDeleted: 0,
    failed: 0,
  };
  const lock = options.besideOwnSync === true ? undefined : acquireSyncLock(config.dbPath);
  let opened: FicDatabase | undefined;
  try {
    const database = options.database ?? (opened = await openDatabase(config.dbPath));
    const repository = new ConversationRepository(database, { now: options.now });
    const conversationIds = unique(request.conversations);
    const tombstoned = repository.ledger.deletedAmong(conversationIds);
    for (const id of conversationIds) {
      if (tombstoned.has(id)) continue;
      try {
        const { conversation, json } = await client.getConversationWithBody(id, { signal: options.signal });
        const write = {
          ...mapConversation(conversation, nowSeconds()),
          rawPayload: payloadCodec(database).compress('conversation', json),
        };
        repository.writePage({ conversations: [write], resolved: [{ kind: 'conversation', id }] });
        result.conversationsWritten += 1;
      } catch (error) {
        if (isFicError(error) && error.code === 'not_found') {
          const written = repository.writePage({
            conversations: [],
            deletions: [{ id, deletedAt: null, source: 'not_found' }],
            resolved: [{ kind: 'conversation', id }],
          });
          result.conversationsDeleted += written.removed;
        } else if (isItemFailure(error)) {
          repository.writePage({ conversations: [], failures: [failureOf('conversation', id, error)] });
          result.failed += 1;
        } else {
          throw error;
        }
      }
    }

    const ticketIds = unique(request.tickets);
    if (ticketIds.length > 0) {
      const tickets = new TicketRepository(database, { now: nowSeconds });
      // One at a time: a notification names a few objects, and the sync's fetcher sorts each answer.
      const fetcher = new TicketFetcher({ client, concurrency: 1, nowSeconds, signal: options.signal });
      const page = await fetcher.fetch(ticketIds);
      tickets.writePage({ ...page, state: {} });
      result.ticketsWritten += page.tickets.length;
      result.ticketsDeleted += page.deleted.length;
      result.failed += page.failures.length;
    }
    return result;
  } finally {
    try {
      await opened?.close();
    } finally {
      lock?.release();
    }
  }
}

function unique(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}
