import PQueue from 'p-queue';
import type {
  ContactRow,
  ConversationRepository,
  ConversationWrite,
  DeletionWrite,
  FailureWrite,
  PageWriteResult,
} from '../db/conversation-repository.js';
import { decodeConversationWrite, encodeConversationWrite } from '../db/conversation-write-codec.js';
import { payloadCodec } from '../db/raw-payloads.js';
import { FicError, isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import type { ConversationStamp } from '../intercom/intercom-schemas.js';
import type { ContactFetcher } from './contact-sync.js';
import { failureOf } from './contact-sync.js';
import { mapConversation } from './conversation-mapper.js';
import { isItemFailure } from './fetch-failures.js';
import type { FailureStreak } from './fetch-failures.js';
import { FetchBudget } from './fetch-budget.js';
import type { IdSet } from './id-set.js';
import { laterCheckpoint, STATE_KEYS } from './sync-plan.js';
import type { ResumeState, SyncPlan } from './sync-plan.js';
import type { SyncProgressTracker } from './sync-progress.js';
import type { SyncCheckpoint, SyncOptions } from './sync-types.js';

export interface PagePipelineOptions {
  client: Pick<IntercomClient, 'getConversationWithBody'>;
  /** Which listed conversations are stored (and how recent), which were deleted; where pages go. */
  repository: Pick<
    ConversationRepository,
    'storedUpdatedAt' | 'writePage' | 'upsertContacts' | 'ledger' | 'database'
  >;
  plan: SyncPlan;
  tracker: SyncProgressTracker;
  contacts: ContactFetcher;
  /** Detail requests in flight (the memory governor may lower it). */
  concurrency: number;
  /** Pages listed but not yet written, at most. */
  pagesAhead: number;
  /** Stop once this many details are fetched (undefined: no bound). */
  maxConversations: number | undefined;
  /** The checkpoint stored when the run began. */
  checkpoint: SyncCheckpoint | undefined;
  /** The `recheck` value written with every page. */
  recheck: number | undefined;
  /** Unix seconds, for `synced_at`. */
  nowSeconds: () => number;
  /** Aborted by the engine on failure or cancellation. */
  signal: AbortSignal;
  onBeforeCommit: SyncOptions['onBeforeCommit'];
  /** Conversations with a recorded failure: fetching one clears it. */
  failing: ReadonlySet<string>;
  /** Item failures in a row (shared by every pipeline of the run). */
  streak: FailureStreak;
  /** When given, every listed id is added (for reconciliation's check of what was not listed). */
  listed?: IdSet;
  /**
   * Bytes the fetched work may hold (requests in flight at their expected cost, and conversations
   * fetched and not yet written). Past it, new requests wait and fetched conversations are written
   * ahead of their page (without moving anything), so memory stays flat whatever a conversation weighs.
   */
  memoryBudgetBytes: number;
  /** Called after each page is committed (the engine records the run's counts as it goes). */
  onPageCommitted?: () => void;
  /** Told of contacts a rewritten conversation no longer names (see PageWriteResult). */
  onUnlinkedContacts?: (contacts: PageWriteResult['unlinkedContacts']) => void;
}

export interface PipelineOutcome {
  /** The listing ran to its end (false: stopped at maxConversations). */
  complete: boolean;
  checkpoint: SyncCheckpoint | undefined;
}

/** One page of the listing (what `conversationPages` yields), or of ids to check. */
export interface ListedPage {
  items: ConversationStamp[];
  /** Conversations matching the listing's query, as the API counted them. */
  totalCount: number;
  /**
   * listing (the default): a page of the run's listing, whose commit moves the checkpoint; check: ids to
   * fetch whatever the copy holds (recorded failures, conversations a reconciliation did not see
   * listed), moving nothing.
   */
  kind?: 'listing' | 'check';
}

/** One fetched conversation, held as bytes until its page is written (null once written ahead). */
interface FetchedConversation {
  encoded: Uint8Array | null;
  contactIds: string[];
  parts: number;
}

interface PageResult {
  conversations: FetchedConversation[];
  contacts: ContactRow[];
  /** Contact ids this page claimed from the contact fetcher: released once the page is written. */
  claimed: string[];
  /** Conversations that answered 404: deleted in Intercom. */
  deletions: DeletionWrite[];
  /** Conversations and contacts whose fetch failed after retries. */
  failures: FailureWrite[];
  /** Contacts GET /contacts/{id} answered 404 for. */
  contactsGone: string[];
}

/** What one detail request came to. */
type DetailOutcome =
  | { kind: 'fetched'; fetched: FetchedConversation }
  | { kind: 'deleted'; deletion: DeletionWrite }
  | { kind: 'failed'; failure: FailureWrite };

interface PageJob {
  index: number;
  kind: 'listing' | 'check';
  /** Ids of the page that had a recorded failure (cleared when the page is written). */
  retried: string[];
  listed: number;
  /** (updated_at, id) of the page's last listed conversation: the checkpoint once it is written. */
  last: SyncCheckpoint;
  /** Set once every detail and contact of the page is in. */
  result: PageResult | undefined;
  /** Approximate memory its fetched conversations hold. */
  bytes: number;
  done: Promise<PageResult>;
}

/**
 * pager -> detail queue -> ordered writer. Each listed page starts its detail requests at once (only for
 * conversations new or changed since the stored copy) on one shared queue; pages are written strictly in
 * listing order, one transaction each, with the checkpoint of their last conversation. The listing runs
 * at most `pagesAhead` pages ahead of the writer, so memory holds a few pages whatever the workspace size.
 */
export class PagePipeline {
  readonly #options: PagePipelineOptions;
  readonly #queue: PQueue;
  #checkpoint: SyncCheckpoint | undefined;
  #scheduled = 0;
  #budgetHit = false;
  #writeFailed = false;
  #pagesAhead: number;
  #inFlightBytes = 0;
  readonly #budget: FetchBudget;

  constructor(options: PagePipelineOptions) {
    this.#options = options;
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    this.#checkpoint = options.checkpoint;
    this.#pagesAhead = options.pagesAhead;
    this.#budget = new FetchBudget(options.memoryBudgetBytes);
  }

  /**
   * The memory governor's lever: fewer requests in flight and, under memory pressure, one page listed
   * ahead (a cut for a busy thread keeps the pages ahead: waiting for the next listing would stall it).
   */
  setConcurrency(concurrency: number, memoryPressure: boolean): void {
    this.#queue.concurrency = Math.max(1, concurrency);
    this.#pagesAhead =
      memoryPressure && concurrency < this.#options.concurrency ? 1 : this.#options.pagesAhead;
  }

  /** Approximate bytes held by conversations fetched and not yet written. */
  get inFlightBytes(): number {
    return this.#inFlightBytes;
  }

  /**
   * Consumes the listing. On failure or abort, the pages already complete are still written (in order),
   * nothing partial is, and the error is rethrown.
   */
  async run(pages: AsyncIterator<ListedPage>): Promise<PipelineOutcome> {
    const { signal, tracker } = this.#options;
    const jobs: PageJob[] = [];
    // One page write in flight: the next page is listed and fetched meanwhile, and a page is sent only
    // once the one before it is committed.
    let writing: Promise<void> = Promise.resolve();
    const commitHead = async (): Promise<void> => {
      const head = jobs[0]!;
      const result = await abortable(head.done, signal);
      jobs.shift();
      await writing;
      writing = commitAsync(() => this.#commit(head, result));
      writing.catch(() => undefined); // awaited before the next page is sent, and at the end
    };
    let index = 0;
    try {
      for (;;) {
        const next = await abortable(pages.next(), signal);
        if (next.done === true) break;
        const { items, totalCount, kind = 'listing' } = next.value;
        if (kind === 'listing') {
          tracker.pagesFetched += 1;
          tracker.conversationsSeen += items.length;
          tracker.totalCount ??= totalCount;
        }
        const job = this.#startPage(index++, items, kind);
        if (job !== undefined) jobs.push(job);
        while (jobs.length >= this.#pagesAhead) await commitHead();
        if (this.#budgetHit) break;
      }
      while (jobs.length > 0) await commitHead();
      await writing;
      return { complete: !this.#budgetHit, checkpoint: this.#checkpoint };
    } catch (error) {
      // Keep what is whole: the leading pages whose work is all in (unless writing itself failed:
      // writing a later page over a missing one would leave a gap under the checkpoint).
      await writing.catch(() => undefined);
      while (!this.#writeFailed && jobs[0]?.result !== undefined) {
        const head = jobs.shift()!;
        this.#commit(head, head.result!);
      }
      throw error;
    } finally {
      this.#queue.clear();
      void pages.return?.(undefined).catch(() => undefined);
    }
  }

  /** Starts the detail requests of one listed page; undefined when the budget leaves nothing of it. */
  #startPage(index: number, items: ConversationStamp[], kind: 'listing' | 'check'): PageJob | undefined {
    const { repository, maxConversations, tracker, signal, failing, listed: listedIds } = this.#options;
    const ids = items.map((item) => item.id);
    const stored = repository.storedUpdatedAt(ids);
    // A search index that lags may still list a conversation we know was deleted: never fetch it again.
    const deleted = repository.ledger.deletedAmong(ids);
    let listed = items.length;
    const wanted: string[] = [];
    for (let position = 0; position < items.length; position++) {
      const item = items[position]!;
      if (kind === 'listing') listedIds?.add(item.id);
      if (deleted.has(item.id)) continue;
      if (kind === 'listing' && !this.#needsDetail(item, stored.get(item.id))) continue;
      if (kind === 'listing' && maxConversations !== undefined && this.#scheduled >= maxConversations) {
        // Cut the page before the first conversation over budget: its checkpoint stays truthful.
        listed = position;
        this.#budgetHit = true;
        break;
      }
      wanted.push(item.id);
      this.#scheduled += 1;
    }
    if (listed === 0) return undefined;
    const lastItem = items[listed - 1]!;
    tracker.conversationsQueued += wanted.length;
    // Earlier pages first: the writer waits on them.
    const priority = -index;
    const job: PageJob = {
      index,
      kind,
      retried: wanted.filter((id) => failing.has(id)),
      listed,
      last: { updatedAt: lastItem.updated_at, id: lastItem.id },
      result: undefined,
      bytes: 0,
      done: Promise.resolve(emptyResult()),
    };
    const details = wanted.map((id) =>
      this.#queue.add(() => this.#fetchDetail(id, job), { priority, signal }),
    );
    job.done = Promise.all(details).then(async (outcomes) => {
      const result = emptyResult();
      for (const outcome of outcomes) {
        if (outcome.kind === 'fetched') result.conversations.push(outcome.fetched);
        else if (outcome.kind === 'deleted') result.deletions.push(outcome.deletion);
        else result.failures.push(outcome.failure);
      }
      await this.#fetchContacts(result, priority);
      job.result = result;
      return result;
    });
    job.done.catch(() => undefined); // observed when its turn comes; never an unhandled rejection
    return job;
  }

  /** New, changed since the stored copy, forced (full), or possibly hiding a same-second update. */
  #needsDetail(item: ConversationStamp, stored: number | undefined): boolean {
    const { plan } = this.#options;
    if (stored === undefined || stored < item.updated_at) return true;
    if (plan.force && !(plan.resumed && item.updated_at < plan.forceSkipBefore)) return true;
    return plan.recheckFrom !== null && stored === item.updated_at && item.updated_at >= plan.recheckFrom;
  }

  async #fetchDetail(id: string, job: PageJob): Promise<DetailOutcome> {
    const { client, tracker, signal, nowSeconds, streak } = this.#options;
    let brought = 0;
    await this.#budget.admit();
    try {
      const { conversation, json } = await client.getConversationWithBody(id, { signal });
      streak.succeeded();
      tracker.conversationsFetched += 1;
      // Compressed at once: the body text is dropped here, and only its ~15% is held until the write.
      const write = {
        ...mapConversation(conversation, nowSeconds()),
        rawPayload: payloadCodec(this.#options.repository.database).compress('conversation', json),
      };
      const contactIds = write.contacts.map((contact) => contact.contact_id);
      const size = textBytes(write);
      if (size > this.#options.memoryBudgetBytes / 8) {
        // A huge conversation is written at once, never held (nor copied into bytes and back).
        brought = size;
        this.#write([write]);
        return { kind: 'fetched', fetched: { encoded: null, contactIds, parts: write.parts.length } };
      }
      const fetched: FetchedConversation = {
        encoded: encodeConversationWrite(write),
        contactIds,
        parts: write.parts.length,
      };
      const bytes = heldBytes(fetched);
      brought = bytes;
      job.bytes += bytes;
      this.#inFlightBytes += bytes;
      if (this.#inFlightBytes > this.#options.memoryBudgetBytes) this.#writeAhead(job, fetched);
      return { kind: 'fetched', fetched };
    } catch (error) {
      // Deleted in Intercom (listed by a search index that had not caught up, or deleted since):
      // removed from the copy with the page, and no reason to fail the run.
      if (isFicError(error) && error.code === 'not_found') {
        tracker.conversationsMissing += 1;
        return { kind: 'deleted', deletion: { id, deletedAt: null, source: 'not_found' } };
      }
      // One conversation that keeps failing is recorded and skipped; the page and checkpoint move on.
      if (isItemFailure(error) && !signal.aborted) {
        streak.failed(error, 'conversation');
        tracker.conversationsFailed += 1;
        return { kind: 'failed', failure: failureOf('conversation', id, error) };
      }
      throw error;
    } finally {
      this.#budget.release(brought);
      tracker.conversationsQueued -= 1;
    }
  }

  /** Conversations written ahead of their page (their own transaction, nothing else moved). */
  #write(conversations: ConversationWrite[]): void {
    if (this.#writeFailed) throw new FicError('database', 'A write of this sync failed before.');
    try {
      this.#options.repository.writePage({ conversations });
    } catch (error) {
      this.#writeFailed = true;
      throw error;
    }
  }

  /**
   * Writes a fetched conversation before its page is complete, so its bytes are freed now: safe, since
   * a write is idempotent and only the page's own commit moves the checkpoint (a failure before it
   * leaves a conversation stored that the next run sees as current).
   */
  #writeAhead(job: PageJob, fetched: FetchedConversation): void {
    if (fetched.encoded === null || this.#writeFailed) return;
    this.#write([decodeConversationWrite(fetched.encoded)]);
    const bytes = heldBytes(fetched);
    fetched.encoded = null;
    job.bytes -= bytes;
    this.#inFlightBytes -= bytes;
  }

  /** Fetches the page's contacts not fetched yet in this run, into `result`. */
  async #fetchContacts(result: PageResult, priority: number): Promise<void> {
    const { contacts, signal, nowSeconds } = this.#options;
    const ids = result.conversations.flatMap((conversation) => conversation.contactIds);
    const batches = contacts.claim(ids);
    result.claimed = batches.flat();
    if (batches.length === 0) return;
    try {
      const fetched = await Promise.all(
        batches.map((batch) =>
          this.#queue.add(() => contacts.fetchBatch(batch, nowSeconds(), { signal }), { priority, signal }),
        ),
      );
      for (const batch of fetched) {
        result.contacts.push(...batch.contacts);
        result.contactsGone.push(...batch.gone);
        result.failures.push(...batch.failures);
      }
    } catch (error) {
      contacts.release(result.claimed);
      throw error;
    }
  }

  /**
   * Writes one page. Contacts go first (their own transaction): a crash between the two leaves fetched
   * contacts and an unwritten page, which the next run fetches again, never conversations whose contacts
   * are lost stubs. A check page moves neither the checkpoint nor the resume point.
   */
  #commit(job: PageJob, result: PageResult): void {
    const { repository, plan, tracker, recheck, onBeforeCommit } = this.#options;
    const state: Record<string, unknown> = {};
    let checkpoint = this.#checkpoint;
    if (job.kind === 'listing') {
      const resume: ResumeState = { mode: plan.mode, since: plan.since, after: job.last };
      state[STATE_KEYS.resume] = resume;
      state[STATE_KEYS.recheck] = recheck;
      if (plan.advancesCheckpoint) {
        checkpoint = laterCheckpoint(checkpoint, job.last);
        state[STATE_KEYS.checkpoint] = checkpoint;
      }
    }
    const { conversations, contacts, deletions, failures, contactsGone } = result;
    const failed = new Set(failures.filter((f) => f.kind === 'conversation').map((f) => f.id));
    onBeforeCommit?.({ index: job.index, conversations: conversations.length });
    let written: PageWriteResult;
    try {
      if (contacts.length > 0) repository.upsertContacts(contacts);
      written = repository.writePage({
        conversations: conversations.flatMap((conversation) =>
          conversation.encoded === null ? [] : [decodeConversationWrite(conversation.encoded)],
        ),
        deletions,
        failures,
        contactsGone: contactsGone.map((id) => ({ id, mergedInto: null })),
        resolved: [
          ...job.retried.filter((id) => !failed.has(id)).map((id) => ({ kind: 'conversation' as const, id })),
          ...contacts.map((contact) => ({ kind: 'contact' as const, id: contact.id })),
          ...contactsGone.map((id) => ({ kind: 'contact' as const, id })),
        ],
        state,
      });
    } catch (error) {
      this.#writeFailed = true;
      throw error;
    }
    this.#options.contacts.release(result.claimed);
    tracker.contactsWritten += contacts.length;
    tracker.conversationsDeleted += written.removed;
    if (written.unlinkedContacts.length > 0) this.#options.onUnlinkedContacts?.(written.unlinkedContacts);
    this.#checkpoint = checkpoint;
    this.#inFlightBytes -= job.bytes;
    let parts = 0;
    for (const conversation of conversations) parts += conversation.parts;
    tracker.pageWritten(job.kind === 'listing' ? job.listed : 0, conversations.length, parts);
    this.#options.onPageCommitted?.();
  }
}

/** Runs a synchronous write as a promise: its exception becomes the rejection. */
function commitAsync(write: () => void): Promise<void> {
  return new Promise((resolve) => {
    write();
    resolve();
  });
}

function emptyResult(): PageResult {
  return { conversations: [], contacts: [], claimed: [], deletions: [], failures: [], contactsGone: [] };
}

/** About what a mapped conversation's text takes: opening message and parts, and its compressed payload. */
function textBytes(write: ConversationWrite): number {
  let bytes = (write.conversation.source_body_text?.length ?? 0) + (write.rawPayload?.body.byteLength ?? 0);
  for (const part of write.parts) bytes += part.body_text?.length ?? 0;
  return bytes;
}

/** What a fetched conversation holds in memory: its bytes, and a little for the object around them. */
function heldBytes(fetched: FetchedConversation): number {
  return 200 + (fetched.encoded?.byteLength ?? 0) + 60 * fetched.contactIds.length;
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the work itself is cancelled elsewhere). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined); // a rejection after we stopped listening is expected, not unhandled
  if (signal.aborted) return Promise.reject(abortError(signal));
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new FicError('aborted', 'The sync was cancelled.');
}
