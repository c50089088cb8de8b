import { FicError } from '../errors.js';

/**
 * Opaque page cursors: base64url JSON of the last row's sort key (numbers). They carry no filters, so
 * a cursor is only meaningful with the query that produced it; a malformed one is a clear input error.
 */
export function encodeCursor(key: readonly number[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor whose key is a list of numbers of one of the given lengths. */
export function decodeCursor(cursor: string | undefined, lengths: readonly number[]): number[] | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    lengths.includes(key.length) &&
    key.every((value) => typeof value === 'number' && Number.isFinite(value));
  if (!valid) {
    throw new FicError(
      'invalid_input',
      'cursor is not valid: pass nextCursor from the previous page unchanged',
      {
        details: { field: 'cursor' },
      },
    );
  }
  return key as number[];
}

/** The page of `limit` rows out of `limit + 1` fetched, and the cursor after it (null on the last page). */
export function paginate<Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => number[],
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
