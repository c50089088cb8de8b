import PQueue from 'p-queue';
import type { TicketFailure, TicketRepository, TicketWrite } from '../db/ticket-repository.js';
import type { FicDatabase } from '../db/open-database.js';
import { readSyncState } from '../db/sync-state-write.js';
import { isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import { orderedListing } from '../intercom/ordered-listing.js';
import type { TicketStamp } from '../intercom/ticket-schemas.js';
import { FailureStreak, isItemFailure } from './fetch-failures.js';
import { missingPermissionOf } from './missing-permission.js';
import { SAME_SECOND_MARGIN_SECONDS } from './sync-plan.js';
import type { MissingPermission } from './sync-plan.js';
import { ticketRows, ticketTypeRow } from './ticket-mapper.js';
import type { SyncCheckpoint } from './sync-types.js';
import { sqliteOf } from '../db/open-database.js';

/** sync_state keys of the ticket sync (its own, beside the conversations' checkpoint). */
export const TICKET_STATE_KEYS = {
  /** SyncCheckpoint: every ticket listed up to it (in updated_at order) is committed. */
  checkpoint: 'tickets_checkpoint',
  /** number: when a run last listed every ticket and checked the stored ones it did not list (Unix seconds). */
  reconciledAt: 'tickets_reconciled_at',
} as const;

export interface TicketSyncOptions {
  client: Pick<IntercomClient, 'searchTicketStamps' | 'getTicket' | 'listTicketTypes'>;
  database: FicDatabase;
  tickets: TicketRepository;
  /** full: list every ticket; incremental: from the checkpoint less the lookback. */
  mode: 'full' | 'incremental';
  lookbackSeconds: number;
  /** GET /tickets/{id} requests in flight. */
  concurrency: number;
  /**
   * List every ticket (not just those changed since the checkpoint) and read each stored ticket the
   * listing did not show: a 404 removes it. Intercom lists no deleted tickets, so this is how deletions
   * reach the copy. Default: when the last reconciliation is older than `reconcileAfterSeconds`.
   */
  reconcile?: boolean;
  /** Default one day. */
  reconcileAfterSeconds?: number;
  /** Unix seconds. */
  nowSeconds: () => number;
  signal?: AbortSignal;
}

export interface TicketSyncResult {
  /** Tickets the listing returned (with repeats of tickets changed while it ran). */
  listed: number;
  /** Tickets fetched and written. */
  synced: number;
  deleted: number;
  /** Fetches that failed after retries this run (recorded, retried first by the next run). */
  failed: number;
  /** Failures still on record after the run. */
  outstandingFailures: number;
  checkpoint: SyncCheckpoint | null;
  /** Seconds holding more tickets than a search page (listed by created_at within them). */
  denseSeconds: number;
  /** Set when the token may not read tickets: nothing was synced, and that is not a failure. */
  missing: MissingPermission | null;
  /** True when the API has no ticket endpoints (404: an API version or server without them). */
  unavailable: boolean;
}

const TICKET_PERMISSION_EFFECT = 'tickets are not synced (the copy keeps the ones it had)';

/**
 * Tickets, the same way conversations sync: POST /tickets/search oldest update first through
 * `orderedListing` (every ticket of a bulk-updated second is listed without trusting the cursor), then
 * GET /tickets/{id} for each ticket new or changed since the copy (its parts), a page per transaction
 * with the checkpoint of its last ticket. Tickets whose fetch failed in earlier runs are tried first; a
 * fetch that keeps failing is recorded (sync_failures, kind 'ticket') and skipped, a 404 removes the
 * ticket. A token without ticket access (401/403 on the listing) is reported in `missing`, not a
 * failure: many tokens lack it.
 */
export async function syncTickets(options: TicketSyncOptions): Promise<TicketSyncResult> {
  const { client, tickets, signal } = options;
  const checkpoint = readSyncState<SyncCheckpoint>(options.database, TICKET_STATE_KEYS.checkpoint);
  const startedAt = options.nowSeconds();
  const reconciledAt = readSyncState<number>(options.database, TICKET_STATE_KEYS.reconciledAt);
  const reconcile =
    options.reconcile ??
    (reconciledAt === undefined || startedAt - reconciledAt >= (options.reconcileAfterSeconds ?? 86_400));
  const from =
    options.mode === 'full' || reconcile || checkpoint === undefined
      ? 0
      : Math.max(0, checkpoint.updatedAt - options.lookbackSeconds);
  const listed = new Set<string>();
  const result: TicketSyncResult = {
    listed: 0,
    synced: 0,
    deleted: 0,
    failed: 0,
    outstandingFailures: 0,
    checkpoint: checkpoint ?? null,
    denseSeconds: 0,
    missing: null,
    unavailable: false,
  };
  const fetcher = new TicketFetcher(options);
  try {
    const types = await unlessUnavailable(client.listTicketTypes({ signal }));
    if (types === undefined) return { ...result, unavailable: true };
    tickets.upsertTicketTypes(types.map((type) => ticketTypeRow(type, options.nowSeconds())));

    const retried = failedTicketIds(options.database);
    if (retried.length > 0) {
      const page = await fetcher.fetch(retried);
      tickets.writePage({ ...page, state: {} });
      count(result, page);
    }

    const listing = orderedListing<TicketStamp>(
      async (body, requestOptions) => {
        const page = await client.searchTicketStamps(body, requestOptions);
        return {
          items: page.tickets,
          totalCount: page.total_count,
          next: page.pages?.next?.starting_after ?? undefined,
        };
      },
      {
        from,
        signal,
        onDenseSecond: () => {
          result.denseSeconds += 1;
        },
      },
    );
    for await (const page of listing) {
      result.listed += page.items.length;
      for (const item of page.items) listed.add(item.id);
      const stored = tickets.storedState(page.items.map((item) => item.id));
      const changed = page.items.filter((item) => {
        const copy = stored.get(item.id);
        // Fetched within the margin of its update: a same-second change may be missing from the copy.
        return (
          copy === undefined ||
          copy.updated_at < item.updated_at ||
          copy.synced_at - SAME_SECOND_MARGIN_SECONDS <= item.updated_at
        );
      });
      const fetched = await fetcher.fetch(changed.map((item) => item.id));
      const last = page.items.reduce<SyncCheckpoint>(
        (latest, item) =>
          item.updated_at > latest.updatedAt ? { updatedAt: item.updated_at, id: item.id } : latest,
        result.checkpoint ?? { updatedAt: 0, id: '' },
      );
      tickets.writePage({ ...fetched, state: { [TICKET_STATE_KEYS.checkpoint]: last } });
      result.checkpoint = last;
      count(result, fetched);
    }
    if (from === 0) {
      // Stored tickets the whole listing did not show: deleted, or not in the search index yet. GET says
      // which (a 404 removes the ticket, an answer rewrites it).
      const unlisted = storedTicketIds(options.database).filter((id) => !listed.has(id));
      for (let start = 0; start < unlisted.length; start += RECONCILE_BATCH) {
        const page = await fetcher.fetch(unlisted.slice(start, start + RECONCILE_BATCH));
        tickets.writePage({ ...page, state: {} });
        count(result, page);
      }
      tickets.writePage({
        tickets: [],
        deleted: [],
        failures: [],
        state: { [TICKET_STATE_KEYS.reconciledAt]: startedAt },
      });
    }
  } catch (error) {
    if (isFicError(error) && error.code === 'permission' && result.listed === 0 && result.synced === 0) {
      result.missing = missingPermissionOf(error, TICKET_PERMISSION_EFFECT);
    } else {
      throw error;
    }
  }
  result.outstandingFailures = failedTicketIds(options.database).length;
  return result;
}

interface FetchedTickets {
  tickets: TicketWrite[];
  deleted: string[];
  failures: TicketFailure[];
}

function count(result: TicketSyncResult, page: FetchedTickets): void {
  result.synced += page.tickets.length;
  result.deleted += page.deleted.length;
  result.failed += page.failures.length;
}

export type TicketFetcherOptions = Pick<
  TicketSyncOptions,
  'client' | 'concurrency' | 'nowSeconds' | 'signal'
>;

/** GET /tickets/{id} for a page of ids, `concurrency` at a time, sorted into fetched, deleted, failed. */
export class TicketFetcher {
  readonly #options: TicketFetcherOptions;
  readonly #queue: PQueue;
  readonly #streak = new FailureStreak();

  constructor(options: TicketFetcherOptions) {
    this.#options = options;
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  }

  async fetch(ids: readonly string[]): Promise<FetchedTickets> {
    const page: FetchedTickets = { tickets: [], deleted: [], failures: [] };
    const { client, signal } = this.#options;
    await Promise.all(
      ids.map((id) =>
        this.#queue.add(async () => {
          try {
            const answer = await client.getTicket(id, { signal });
            page.tickets.push({
              rows: ticketRows(answer.value, this.#options.nowSeconds()),
              rawJson: answer.rawJson,
            });
            this.#streak.succeeded();
          } catch (error) {
            if (isFicError(error) && error.code === 'not_found') {
              page.deleted.push(id);
            } else if (isItemFailure(error)) {
              this.#streak.failed(error, 'ticket');
              const status = error.details.status;
              page.failures.push({
                id,
                code: error.code,
                message: error.message,
                status: typeof status === 'number' ? status : null,
              });
            } else {
              // The run stops: what is still queued is not sent.
              this.#queue.clear();
              throw error;
            }
          }
        }),
      ),
    );
    // Listing order inside a page, whatever order the fetches finished in.
    const order = new Map(ids.map((id, index) => [id, index]));
    page.tickets.sort((a, b) => order.get(a.rows.ticket.id)! - order.get(b.rows.ticket.id)!);
    return page;
  }
}

/** Unlisted tickets checked per transaction. */
const RECONCILE_BATCH = 50;

function storedTicketIds(database: FicDatabase): string[] {
  const compiled = database.db.selectFrom('tickets').select('id').compile();
  return (
    sqliteOf(database)
      .prepare(compiled.sql)
      .all(...compiled.parameters) as { id: string }[]
  ).map((row) => row.id);
}

function failedTicketIds(database: FicDatabase): string[] {
  const compiled = database.db
    .selectFrom('sync_failures')
    .select('id')
    .where('kind', '=', 'ticket')
    .orderBy('first_seen_at')
    .compile();
  return (
    sqliteOf(database)
      .prepare(compiled.sql)
      .all(...compiled.parameters) as { id: string }[]
  ).map((row) => row.id);
}

/** The answer, or undefined when the endpoint does not exist here (404). */
export async function unlessUnavailable<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isFicError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}
