import { FicError, isFicError } from '../errors.js';
import type { RequestOptions } from './intercom-client-types.js';
import type { SearchFilter, SearchFilterGroup, SearchRequest } from './intercom-schemas.js';

/** What a listing needs of each item: its id and the two timestamps it is ordered by. */
export interface OrderedItem {
  id: string;
  updated_at: number;
  created_at?: number | null;
}

/** One answer of a search endpoint, reduced to what paging needs. */
export interface SearchAnswer<Item> {
  items: Item[];
  totalCount: number;
  /** `pages.next.starting_after`; undefined (or '') on the last page. */
  next: string | undefined;
}

/** An answer with the page size it was asked for (a full page has that many items). */
type SizedAnswer<Item> = SearchAnswer<Item> & { perPage: number };

export type OrderedSearch<Item> = (
  body: SearchRequest,
  options?: RequestOptions,
) => Promise<SearchAnswer<Item>>;

export interface OrderedListingOptions {
  /** Inclusive lower bound on updated_at, Unix seconds. 0 walks everything. */
  from: number;
  /** Page size; Intercom's maximum (and the default) is 150. */
  perPage?: number;
  signal?: AbortSignal;
  /**
   * Told when one updated_at second holds more than a page (a bulk action): that second is listed by
   * created_at instead, and `cursorFallback` says the listing also had to follow the API's cursor inside
   * one created_at second, where a cursor without a tie-breaker may skip items.
   */
  onDenseSecond?: (event: { second: number; cursorFallback: boolean }) => void;
}

export interface ListingPage<Item> {
  /** Items not yielded before, in the order the API listed them. */
  items: Item[];
  /** total_count of the first answer (matches at the time of that request). */
  totalCount: number;
  /** 1-based number of this page among the pages yielded. */
  page: number;
}

/** Consecutive cursor pages that bring nothing new before the listing gives up on the cursor. */
const STUCK_PAGES = 3;

/**
 * A search page longer than this is not read: pages are asked for smaller instead (halved until one
 * fits). 150 ordinary conversations make ~0.5 MB; 150 with multi-megabyte opening messages would make a
 * page too long for one string, and parsing it would take the process far past its memory limit.
 */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/**
 * Lists everything updated at or after `from`, oldest update first, without relying on the API's
 * cursor to break ties: Intercom's search cursor is stateless and may carry only the timestamp, so a
 * client that follows it skips items sharing the last item's second (bulk actions touch hundreds of
 * conversations in one second). Instead every page is a fresh query from the second the previous page
 * ended in (`updated_at > S - 1`), and items already yielded at S are dropped by id. A second holding
 * more than a page is listed again by created_at within it (same method), and only a single created_at
 * second inside it holding more than a page falls back to the cursor, with a guard against a cursor
 * that never moves forward.
 *
 * An item changed during the listing comes back later with its new updated_at and is yielded again;
 * nothing listed is dropped. Lazy: the next request is made only when the consumer asks.
 */
export async function* orderedListing<Item extends OrderedItem>(
  search: OrderedSearch<Item>,
  options: OrderedListingOptions,
): AsyncGenerator<ListingPage<Item>, void, undefined> {
  let perPage = options.perPage ?? 150;
  const { signal } = options;
  let from = Math.max(0, Math.floor(options.from));
  let seenAtFrom = new Set<string>();
  let totalCount: number | undefined;
  let page = 0;
  const ask = async (
    query: SearchFilter | SearchFilterGroup,
    field: string,
    after?: string,
  ): Promise<SizedAnswer<Item>> => {
    for (;;) {
      if (signal?.aborted === true) throw new FicError('aborted', 'The listing was cancelled.');
      const size = perPage;
      try {
        const answer = await search(
          {
            query,
            pagination: after === undefined ? { per_page: size } : { per_page: size, starting_after: after },
            sort: { field, order: 'ascending' },
          },
          { signal, maxBodyBytes: MAX_PAGE_BYTES },
        );
        totalCount ??= answer.totalCount;
        return { ...answer, perPage: size };
      } catch (error) {
        // Conversations too large for a page of this size: ask for half as many from now on.
        if (!isFicError(error) || error.details.tooLarge !== true || size <= 1) throw error;
        perPage = Math.max(1, Math.floor(size / 2));
      }
    }
  };
  const emit = (items: Item[]): ListingPage<Item> => ({ items, totalCount: totalCount ?? 0, page: ++page });

  for (;;) {
    const answer = await ask(lowerBound('updated_at', from), 'updated_at');
    const fresh = answer.items.filter((item) => !(item.updated_at === from && seenAtFrom.has(item.id)));
    if (fresh.length > 0) yield emit(fresh);
    if (answer.items.length < answer.perPage) return;
    const last = Math.max(...answer.items.map((item) => item.updated_at));
    if (last > from) {
      seenAtFrom = new Set(answer.items.filter((item) => item.updated_at === last).map((item) => item.id));
      from = last;
      continue;
    }
    // A whole page in one second: list that second by created_at, then go on after it.
    const dense = { second: from, cursorFallback: false };
    const seen = new Set([...seenAtFrom, ...answer.items.map((item) => item.id)]);
    for await (const items of denseSecond(ask, from, seen, dense)) yield emit(items);
    options.onDenseSecond?.(dense);
    from += 1;
    seenAtFrom = new Set();
  }
}

type Ask<Item> = (
  query: SearchFilter | SearchFilterGroup,
  field: string,
  after?: string,
) => Promise<SizedAnswer<Item>>;

/** Every item whose updated_at is `second`, not in `seen`, by created_at ascending. */
async function* denseSecond<Item extends OrderedItem>(
  ask: Ask<Item>,
  second: number,
  seen: Set<string>,
  report: { cursorFallback: boolean },
): AsyncGenerator<Item[], void, undefined> {
  const inSecond: SearchFilter[] = [
    { field: 'updated_at', operator: '>', value: second - 1 },
    { field: 'updated_at', operator: '<', value: second + 1 },
  ];
  let createdFrom = 0;
  const take = (items: Item[]): Item[] => {
    const fresh = items.filter((item) => item.updated_at === second && !seen.has(item.id));
    for (const item of fresh) seen.add(item.id);
    return fresh;
  };
  for (;;) {
    const query: SearchFilterGroup = {
      operator: 'AND',
      value: [...inSecond, lowerBound('created_at', createdFrom)],
    };
    const answer = await ask(query, 'created_at');
    const fresh = take(answer.items);
    if (fresh.length > 0) yield fresh;
    if (answer.items.length < answer.perPage) return;
    const last = Math.max(...answer.items.map(createdAt));
    if (last > createdFrom) {
      createdFrom = last;
      continue;
    }
    // More than a page created in one second too (a campaign sent to thousands at once): split that
    // second by the ids' last digits, a documented operator (`$`, ends with), so no cursor is needed.
    const created: SearchFilter[] = [
      ...inSecond,
      { field: 'created_at', operator: '>', value: last - 1 },
      { field: 'created_at', operator: '<', value: last + 1 },
    ];
    const whole: SearchFilterGroup = { operator: 'AND', value: created };
    const inCreated = new Set<string>();
    const counted = (items: Item[]): Item[] => {
      for (const item of items) inCreated.add(item.id);
      return take(items);
    };
    const all = await ask(whole, 'created_at'); // its total_count says how many the split must find
    const first = counted(all.items);
    if (first.length > 0) yield first;
    yield* byIdSuffix(ask, created, '', counted, report);
    // Ids that are not decimal (or a split that came up short) are left to the cursor.
    if (inCreated.size < all.totalCount) {
      yield* followCursor(ask, whole, take, second, report, all);
    }
    createdFrom = last + 1;
  }
}

/** How deep the id-suffix split goes (10^4 parts) before the cursor takes over. */
const MAX_SUFFIX_DIGITS = 4;

/** Items matching `filters` whose id ends in `suffix`, split further by digit while a part is full. */
async function* byIdSuffix<Item extends OrderedItem>(
  ask: Ask<Item>,
  filters: SearchFilter[],
  suffix: string,
  take: (items: Item[]) => Item[],
  report: { cursorFallback: boolean },
): AsyncGenerator<Item[], void, undefined> {
  for (let digit = 0; digit <= 9; digit += 1) {
    const ending = `${digit}${suffix}`;
    const query: SearchFilterGroup = {
      operator: 'AND',
      value: [...filters, { field: 'id', operator: '$', value: ending }],
    };
    const answer = await ask(query, 'created_at');
    const fresh = take(answer.items);
    if (fresh.length > 0) yield fresh;
    if (answer.items.length < answer.perPage) continue;
    if (ending.length < MAX_SUFFIX_DIGITS) {
      yield* byIdSuffix(ask, filters, ending, take, report);
    } else {
      yield* followCursor(ask, query, take, Number.NaN, report, answer);
    }
  }
}

/**
 * The last resort: the API's cursor, for a query no filter can split further. A cursor without a
 * tie-breaker may skip items here, so the listing says it used one (`cursorFallback`), and a cursor that
 * never moves forward stops it.
 */
async function* followCursor<Item extends OrderedItem>(
  ask: Ask<Item>,
  query: SearchFilterGroup,
  take: (items: Item[]) => Item[],
  second: number,
  report: { cursorFallback: boolean },
  first?: SizedAnswer<Item>,
): AsyncGenerator<Item[], void, undefined> {
  report.cursorFallback = true;
  let answer = first ?? (await ask(query, 'created_at'));
  if (first === undefined) {
    const fresh = take(answer.items);
    if (fresh.length > 0) yield fresh;
  }
  let stuck = 0;
  while (answer.items.length >= answer.perPage) {
    const next = answer.next === '' ? undefined : answer.next;
    if (next === undefined) return;
    answer = await ask(query, 'created_at', next);
    const more = take(answer.items);
    if (more.length > 0) yield more;
    stuck = more.length === 0 ? stuck + 1 : 0;
    if (stuck >= STUCK_PAGES) {
      const where = Number.isNaN(second) ? '' : ` (items updated at ${second})`;
      throw new FicError(
        'api',
        `The search cursor stopped moving forward: ${STUCK_PAGES} pages in a row after starting_after brought nothing new${where}. Intercom's paging is misbehaving; try the sync again later.`,
        { details: { second } },
      );
    }
  }
}

function createdAt(item: OrderedItem): number {
  return item.created_at ?? 0;
}

/** `field >= from` in a DSL whose `>` is strict on whole seconds; never a negative time. */
function lowerBound(field: string, from: number): SearchFilter {
  return { field, operator: '>', value: Math.max(0, from - 1) };
}
