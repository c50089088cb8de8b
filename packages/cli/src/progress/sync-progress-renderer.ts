import cliProgress from 'cli-progress';
import type { SyncProgress, SyncResult } from '@fastintercom/core';
import { formatCount, plural, formatDuration, formatMs } from '../format/units.js';

export type ProgressMode = 'bars' | 'lines' | 'silent';

export interface SyncProgressRendererOptions {
  /** Where progress goes. Default process.stderr (stdout stays clean for --json and pipes). */
  stream?: NodeJS.WriteStream;
  /** Default: bars on a TTY, else lines. */
  mode?: ProgressMode;
  /** --max-conversations: the sync stops there, so the totals and the ETA count to it, not the listing's. */
  maxConversations?: number;
  /** Lines mode: at most one line per this many ms. Default 5000. */
  lineIntervalMs?: number;
  /** ms clock. Default Date.now. */
  now?: () => number;
}

/**
 * Shows a running sync: on a terminal a cli-progress multi-bar (search listing with Intercom's
 * total_count, conversations fetched with rate and ETA); elsewhere (cron, CI, pipes) one plain line
 * every few seconds, so logs stay readable; nothing in silent mode.
 */
export class SyncProgressRenderer {
  readonly mode: ProgressMode;
  #stream: NodeJS.WriteStream;
  #lineIntervalMs: number;
  #maxConversations: number | undefined;
  #now: () => number;
  #lastLineAt = 0;
  #multiBar: cliProgress.MultiBar | undefined;
  #searchBar: cliProgress.SingleBar | undefined;
  #conversationBar: cliProgress.SingleBar | undefined;

  constructor(options: SyncProgressRendererOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.mode = options.mode ?? (this.#stream.isTTY ? 'bars' : 'lines');
    this.#lineIntervalMs = options.lineIntervalMs ?? 5000;
    this.#maxConversations = options.maxConversations;
    this.#now = options.now ?? Date.now;
    this.#lastLineAt = this.#now();
  }

  /** The sync's onProgress callback. */
  readonly update = (reported: SyncProgress): void => {
    const event = withinBudget(reported, this.#maxConversations);
    if (this.mode === 'bars') this.#renderBars(event);
    else if (this.mode === 'lines' && event.phase !== 'done') this.#renderLine(event);
  };

  /** Removes the bars (before printing anything else). Safe to call twice. */
  stop(): void {
    this.#multiBar?.stop();
    this.#multiBar = undefined;
  }

  /** Writes a line above the bars (or plainly) unless silent. */
  log(line: string): void {
    if (this.mode === 'silent') return;
    if (this.#multiBar) this.#multiBar.log(`${line}\n`);
    else this.#stream.write(`${line}\n`);
  }

  #renderBars(event: SyncProgress): void {
    if (!this.#multiBar) {
      this.#multiBar = new cliProgress.MultiBar(
        {
          stream: this.#stream,
          format: '{label} {bar} {counts} {detail}',
          barsize: 28,
          hideCursor: true,
          clearOnComplete: false,
          autopadding: true,
          fps: 8,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#searchBar = this.#multiBar.create(1, 0, { label: 'Listing      ', counts: '0/?', detail: '' });
      this.#conversationBar = this.#multiBar.create(1, 0, {
        label: 'Conversations',
        counts: '0/?',
        detail: '',
      });
    }
    const listed = event.conversationsSeen;
    this.#searchBar?.setTotal(Math.max(event.totalCount ?? listed, listed, 1));
    this.#searchBar?.update(listed, {
      counts: `${formatCount(listed)}/${event.totalCount === null ? '?' : formatCount(event.totalCount)}`,
      detail: `${formatCount(event.pagesFetched)} search pages`,
    });
    const fetched = event.conversationsFetched;
    const expected = event.phase === 'done' ? fetched : expectedFetches(event);
    this.#conversationBar?.setTotal(Math.max(expected, 1));
    this.#conversationBar?.update(fetched, {
      counts: `${formatCount(fetched)}/${formatCount(expected)}`,
      detail: rateAndEta(event),
    });
    if (event.phase === 'done') this.stop();
  }

  #renderLine(event: SyncProgress): void {
    const now = this.#now();
    if (now - this.#lastLineAt < this.#lineIntervalMs) return;
    this.#lastLineAt = now;
    this.#stream.write(`${describeProgress(event)}\n`);
  }
}

/** One plain progress line, as cron logs show it. */
export function describeProgress(event: SyncProgress): string {
  const listed =
    event.totalCount === null
      ? formatCount(event.conversationsSeen)
      : `${formatCount(event.conversationsSeen)}/${formatCount(event.totalCount)}`;
  return [
    `sync ${event.phase}:`,
    `${plural(event.conversationsFetched, 'conversation')} fetched, ${formatCount(event.conversationsQueued)} in flight (${rateAndEta(event)}),`,
    `${listed} listed in ${formatCount(event.pagesFetched)} pages,`,
    `${plural(event.partsWritten, 'part')},`,
    `${plural(event.apiRequests, 'request')}, ${formatCount(event.retries)} retries, ${formatCount(event.rateLimited)} rate-limited`,
  ].join(' ');
}

/** The closing line of a sync. */
export function describeSyncResult(result: SyncResult): string {
  const head =
    result.status === 'succeeded'
      ? 'Sync finished'
      : result.status === 'partial'
        ? result.outstandingFailures > 0
          ? 'Sync finished with failures (partial)'
          : 'Sync stopped early (partial)'
        : 'Sync failed';
  const line =
    `${head}: ${plural(result.conversationsSynced, 'conversation')}, ${plural(result.partsSynced, 'part')}, ` +
    `${plural(result.contactsSynced, 'contact')} in ${formatMs(result.durationMs)} ` +
    `(${formatCount(result.apiRequests)} API requests, ${formatCount(result.retries)} retries, ` +
    `${formatCount(result.rateLimitedResponses)} rate-limited, peak memory ${Math.round(result.peakRssMb)} MB).`;
  const notes: string[] = [];
  if (result.conversationsDeleted > 0) {
    notes.push(`${formatCount(result.conversationsDeleted)} deleted in Intercom, removed from the copy.`);
  }
  if (result.tickets !== undefined && result.companies !== undefined) {
    const { tickets, companies } = result;
    notes.push(
      `Tickets: ${formatCount(tickets.synced)} fetched of ${formatCount(tickets.listed)} listed${tickets.deleted > 0 ? `, ${formatCount(tickets.deleted)} deleted in Intercom removed` : ''}; companies: ${companies.relisted ? `${formatCount(companies.listed)} listed` : `${formatCount(companies.fetched)} new fetched (the whole list is read again every reconcile interval)`}${companies.removed > 0 ? `, ${formatCount(companies.removed)} gone removed` : ''}.`,
    );
  }
  if (result.reconcile !== null) {
    const { listed, checked, listingRequests } = result.reconcile;
    notes.push(
      `Reconciled since ${new Date(result.reconcile.from * 1000).toISOString().slice(0, 10)}: ${formatCount(listed)} re-listed (${formatCount(listingRequests)} extra search requests), ${formatCount(checked)} not listed checked one by one.`,
    );
  }
  if (result.outstandingFailures > 0) {
    notes.push(
      `${formatCount(result.outstandingFailures)} fetches keep failing (${formatCount(result.conversationsFailed)} this run): skipped, retried first by the next sync; fic status lists them.`,
    );
  }
  for (const missing of result.missingPermissions) {
    notes.push(`The token lacks "${missing.permission}" (${missing.endpoint}): ${missing.effect}.`);
  }
  if (result.denseSeconds?.cursorFallback === true) {
    notes.push(
      "More than 150 conversations shared one second of creation and of update: Intercom's cursor had to page inside it and may skip some; fic verify --remote checks.",
    );
  }
  const text = [line, ...notes].join('\n');
  return result.error ? `${text} ${result.error.message}` : text;
}

/**
 * What the conversations bar counts up to: those fetched or in flight, or the listing's total_count
 * while listing goes on (an incremental sync skips a few unchanged ones, so the bar ends a little short
 * of it until the last event sets the real total).
 */
function expectedFetches(event: SyncProgress): number {
  return Math.max(event.conversationsFetched + event.conversationsQueued, event.totalCount ?? 0);
}

/**
 * The event as a sync capped at `max` conversations sees it: the total is the cap, and the ETA (core's,
 * from the pace over the whole listing) is scaled to the conversations left before the cap.
 */
export function withinBudget(event: SyncProgress, max: number | undefined): SyncProgress {
  if (max === undefined || event.totalCount === null || event.totalCount <= max) return event;
  const leftInListing = Math.max(1, event.totalCount - event.conversationsFetched);
  const leftInBudget = Math.max(0, max - event.conversationsFetched);
  const etaSeconds =
    event.etaSeconds === null ? null : Math.round((event.etaSeconds * leftInBudget) / leftInListing);
  return { ...event, totalCount: max, etaSeconds };
}

function rateAndEta(event: SyncProgress): string {
  const rate = `${event.conversationsPerSecond.toFixed(1)}/s`;
  return event.etaSeconds === null ? rate : `${rate}, ETA ${formatDuration(event.etaSeconds)}`;
}
