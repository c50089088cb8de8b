import { SearchQueryError } from './search-dsl.js';

/**
 * Sorted result sets and opaque `starting_after` cursors. A cursor holds the sort position of the last
 * item shown (key, index) rather than an offset, so a conversation that changes while a client pages
 * moves later in the order (and may show up again) instead of making the client skip others.
 */

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
  index: number;
  page: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.index, cursor.page])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((item) => Number.isInteger(item))) {
      const [key, index, page] = value as [number, number, number];
      return { key, index, page };
    }
  } catch {
    // fall through to the error below
  }
  throw new SearchQueryError('parameter_invalid', 'starting_after is not a valid cursor.');
}

/** First position strictly after (key, index) in the result's order. */
function positionAfter(result: SortedResult, cursor: Cursor): number {
  const sign = result.descending ? -1 : 1;
  let low = 0;
  let high = result.indexes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = sign * ((result.keys[mid] ?? 0) - cursor.key || (result.indexes[mid] ?? 0) - cursor.index);
    if (order <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function pageOf(result: SortedResult, startingAfter: string | undefined, perPage: number): ResultPage {
  const cursor = startingAfter === undefined ? undefined : decodeCursor(startingAfter);
  const start = cursor === undefined ? 0 : positionAfter(result, cursor);
  const end = Math.min(result.indexes.length, start + perPage);
  const page = cursor === undefined ? 1 : cursor.page + 1;
  const indexes = Array.from(result.indexes.subarray(start, end));
  const lastIndex = indexes[indexes.length - 1];
  const next =
    end < result.indexes.length && lastIndex !== undefined
      ? encodeCursor({ key: result.keys[end - 1] ?? 0, index: lastIndex, page })
      : undefined;
  const totalCount = result.indexes.length;
  return { indexes, page, perPage, totalPages: Math.ceil(totalCount / perPage), totalCount, next };
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
  return pages;
}
