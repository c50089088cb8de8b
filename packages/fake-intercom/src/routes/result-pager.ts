import { positionAfterKey } from '../realism/tie-less-cursor.js';
import { SearchQueryError } from './search-dsl.js';

/**
 * Sorted result sets and opaque `starting_after` cursors. A cursor holds the sort position of the last
 * item shown (key, index) rather than an offset, so a conversation that changes while a client pages
 * moves later in the order (and may show up again) instead of making the client skip others. With
 * realism.tieLessCursor the cursor holds only the key (see realism/tie-less-cursor.ts).
 */

/** How the pager departs from the plain fake: realism options and the stuck-cursor control. */
export interface PagingRealism {
  tieLessCursor: boolean;
  emptyCursorOnLastPage: boolean;
  /** setStuckCursor(true): every cursor request answers the first page again, with a fresh cursor. */
  stuckCursor: boolean;
}

export const PLAIN_PAGING: PagingRealism = Object.freeze({
  tieLessCursor: false,
  emptyCursorOnLastPage: false,
  stuckCursor: false,
});

export interface SortedResult {
  indexes: Int32Array;
  keys: Float64Array;
  descending: boolean;
}

export interface ResultPage {
  indexes: number[];
  page: number;
  perPage: number;
  totalPages: number;
  totalCount: number;
  next: string | undefined;
  /** Send `next: null` when there is no next page (else leave it out). */
  nullNext: boolean;
}

export function sortResult(
  indexes: number[],
  key: (index: number) => number,
  descending: boolean,
): SortedResult {
  const keyed = indexes.map((index) => ({ index, key: key(index) }));
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => sign * (a.key - b.key || a.index - b.index));
  return {
    indexes: Int32Array.from(keyed, (item) => item.index),
    keys: Float64Array.from(keyed, (item) => item.key),
    descending,
  };
}

interface Cursor {
  key: number;
  /** Absent in a tie-less cursor. */
  index: number | undefined;
  page: number;
}

export function encodeCursor(cursor: Cursor): string {
  const values =
    cursor.index === undefined ? [cursor.key, cursor.page] : [cursor.key, cursor.index, cursor.page];
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((item) => Number.isInteger(item))) {
      if (value.length === 3) {
        const [key, index, page] = value as [number, number, number];
        return { key, index, page };
      }
      if (value.length === 2) {
        const [key, page] = value as [number, number];
        return { key, index: undefined, page };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new SearchQueryError('parameter_invalid', 'starting_after is not a valid cursor.');
}

/** First position strictly after (key, index) in the result's order; after every `key` without an index. */
function positionAfter(result: SortedResult, cursor: Cursor): number {
  if (cursor.index === undefined) return positionAfterKey(result.keys, result.descending, cursor.key);
  const index = cursor.index;
  const sign = result.descending ? -1 : 1;
  let low = 0;
  let high = result.indexes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = sign * ((result.keys[mid] ?? 0) - cursor.key || (result.indexes[mid] ?? 0) - index);
    if (order <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function pageOf(
  result: SortedResult,
  startingAfter: string | undefined,
  perPage: number,
  realism: PagingRealism = PLAIN_PAGING,
): ResultPage {
  const cursor = startingAfter === undefined ? undefined : decodeCursor(startingAfter);
  // A stuck cursor never moves: the first page again, numbered as if it had.
  const start = cursor === undefined || realism.stuckCursor ? 0 : positionAfter(result, cursor);
  const end = Math.min(result.indexes.length, start + perPage);
  const page = cursor === undefined ? 1 : cursor.page + 1;
  const indexes = Array.from(result.indexes.subarray(start, end));
  const lastIndex = indexes[indexes.length - 1];
  const next =
    end < result.indexes.length && lastIndex !== undefined
      ? encodeCursor({
          key: result.keys[end - 1] ?? 0,
          index: realism.tieLessCursor ? undefined : lastIndex,
          page,
        })
      : undefined;
  const totalCount = result.indexes.length;
  return {
    indexes,
    page,
    perPage,
    totalPages: Math.ceil(totalCount / perPage),
    totalCount,
    next,
    nullNext: realism.emptyCursorOnLastPage,
  };
}

export function pagesObject(page: ResultPage): Record<string, unknown> {
  const pages: Record<string, unknown> = {
    type: 'pages',
    page: page.page,
    per_page: page.perPage,
    total_pages: page.totalPages,
  };
  if (page.next !== undefined)
    pages.next = { page: page.page + 1, per_page: page.perPage, starting_after: page.next };
  else if (page.nullNext) pages.next = null;
  return pages;
}
