import PQueue from 'p-queue';
import type { ContactRow, ConversationRepository } from '../db/conversation-repository.js';
import { encodeConversationWrite } from '../db/conversation-write-codec.js';
import type { PageSink } from '../db/page-sink.js';
import { FicError, isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import type { ConversationStamp } from '../intercom/intercom-schemas.js';
import type { ContactFetcher } from './contact-sync.js';
import { mapConversation } from './conversation-mapper.js';
import { laterCheckpoint, STATE_KEYS } from './sync-plan.js';
import type { ResumeState, SyncPlan } from './sync-plan.js';
import type { SyncProgressTracker } from './sync-progress.js';
import type { SyncCheckpoint, SyncOptions } from './sync-types.js';

export interface PagePipelineOptions {
  client: Pick<IntercomClient, 'getConversation'>;
  /** Reads: which listed conversations are stored, and how recent. */
  repository: Pick<ConversationRepository, 'storedUpdatedAt'>;
  /** Where pages are written. */
  sink: PageSink;
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
}

export interface PipelineOutcome {
  /** The listing ran to its end (false: stopped at maxConversations). */
  complete: boolean;
  checkpoint: SyncCheckpoint | undefined;
}

/** One page of the listing (what `conversationPages` yields). */
export interface ListedPage {
  items: ConversationStamp[];
  /** Conversations matching the listing's query, as the API counted them. */
  totalCount: number;
}

/** One fetched conversation, held as bytes until its page is written. */
interface FetchedConversation {
  encoded: Uint8Array;
  contactIds: string[];
  parts: number;
}

interface PageResult {
  conversations: FetchedConversation[];
  contacts: ContactRow[];
  /** Contact ids this page claimed from the contact fetcher: released once the page is written. */
  claimed: string[];
}

interface PageJob {
  index: number;
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

  constructor(options: PagePipelineOptions) {
    this.#options = options;
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    this.#checkpoint = options.checkpoint;
    this.#pagesAhead = options.pagesAhead;
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
      writing = this.#commit(head, result);
      writing.catch(() => undefined); // awaited before the next page is sent, and at the end
    };
    let index = 0;
    try {
      for (;;) {
        const next = await abortable(pages.next(), signal);
        if (next.done === true) break;
        const { items, totalCount } = next.value;
        tracker.pagesFetched += 1;
        tracker.conversationsSeen += items.length;
        tracker.totalCount ??= totalCount;
        const job = this.#startPage(index++, items);
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
        await this.#commit(head, head.result!);
      }
      throw error;
    } finally {
      this.#queue.clear();
      void pages.return?.(undefined).catch(() => undefined);
    }
  }

  /** Starts the detail requests of one listed page; undefined when the budget leaves nothing of it. */
  #startPage(index: number, items: ConversationStamp[]): PageJob | undefined {
    const { repository, maxConversations, tracker, signal } = this.#options;
    const stored = repository.storedUpdatedAt(items.map((item) => item.id));
    let listed = items.length;
    const wanted: string[] = [];
    for (let position = 0; position < items.length; position++) {
      const item = items[position]!;
      if (!this.#needsDetail(item, stored.get(item.id))) continue;
      if (maxConversations !== undefined && this.#scheduled >= maxConversations) {
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
      listed,
      last: { updatedAt: lastItem.updated_at, id: lastItem.id },
      result: undefined,
      bytes: 0,
      done: Promise.resolve({ conversations: [], contacts: [], claimed: [] }),
    };
    const details = wanted.map((id) =>
      this.#queue.add(() => this.#fetchDetail(id, job), { priority, signal }),
    );
    job.done = Promise.all(details).then(async (results) => {
      const conversations = results.filter((fetched) => fetched !== undefined);
      const { contacts, claimed } = await this.#fetchContacts(conversations, priority);
      job.result = { conversations, contacts, claimed };
      return job.result;
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

  async #fetchDetail(id: string, job: PageJob): Promise<FetchedConversation | undefined> {
    const { client, tracker, signal, nowSeconds } = this.#options;
    try {
      const conversation = await client.getConversation(id, { signal });
      tracker.conversationsFetched += 1;
      const write = mapConversation(conversation, nowSeconds());
      const fetched: FetchedConversation = {
        encoded: encodeConversationWrite(write),
        contactIds: write.contacts.map((contact) => contact.contact_id),
        parts: write.parts.length,
      };
      const bytes = heldBytes(fetched);
      job.bytes += bytes;
      this.#inFlightBytes += bytes;
      return fetched;
    } catch (error) {
      // Deleted between the listing and now: nothing to store, and no reason to fail the run.
      if (isFicError(error) && error.code === 'not_found') {
        tracker.conversationsMissing += 1;
        return undefined;
      }
      throw error;
    } finally {
      tracker.conversationsQueued -= 1;
    }
  }

  async #fetchContacts(
    conversations: FetchedConversation[],
    priority: number,
  ): Promise<{ contacts: ContactRow[]; claimed: string[] }> {
    const { contacts, signal, nowSeconds } = this.#options;
    const ids = conversations.flatMap((conversation) => conversation.contactIds);
    const batches = contacts.claim(ids);
    const claimed = batches.flat();
    if (batches.length === 0) return { contacts: [], claimed };
    try {
      const rows = await Promise.all(
        batches.map((batch) =>
          this.#queue.add(() => contacts.fetchBatch(batch, nowSeconds(), { signal }), { priority, signal }),
        ),
      );
      return { contacts: rows.flat(), claimed };
    } catch (error) {
      contacts.release(claimed);
      throw error;
    }
  }

  /**
   * Writes one page. Contacts go first (their own transaction): a crash between the two leaves fetched
   * contacts and an unwritten page, which the next run fetches again, never conversations whose contacts
   * are lost stubs.
   */
  async #commit(job: PageJob, result: PageResult): Promise<void> {
    const { sink, plan, tracker, recheck, onBeforeCommit, nowSeconds } = this.#options;
    const resume: ResumeState = { mode: plan.mode, since: plan.since, after: job.last };
    const state: Record<string, unknown> = { [STATE_KEYS.resume]: resume, [STATE_KEYS.recheck]: recheck };
    let checkpoint = this.#checkpoint;
    if (plan.advancesCheckpoint) {
      checkpoint = laterCheckpoint(checkpoint, job.last);
      state[STATE_KEYS.checkpoint] = checkpoint;
    }
    const { conversations, contacts } = result;
    onBeforeCommit?.({ index: job.index, conversations: conversations.length });
    try {
      await sink.write({
        conversations: conversations.map((conversation) => conversation.encoded),
        contacts,
        state,
        now: nowSeconds(),
      });
    } catch (error) {
      this.#writeFailed = true;
      throw error;
    }
    this.#options.contacts.release(result.claimed);
    tracker.contactsWritten += contacts.length;
    this.#checkpoint = checkpoint;
    this.#inFlightBytes -= job.bytes;
    let parts = 0;
    for (const conversation of conversations) parts += conversation.parts;
    tracker.pageWritten(job.listed, conversations.length, parts);
  }
}

/** What a fetched conversation holds in memory: its bytes, and a little for the object around them. */
function heldBytes(fetched: FetchedConversation): number {
  return 200 + fetched.encoded.byteLength + 60 * fetched.contactIds.length;
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
