import type { GroupStatistics } from '../queries/period-group-statistics.js';
import { mergeValueLists, valueCount } from '../queries/value-list.js';
import type { ValueList } from '../queries/value-list.js';

/**
 * Counts per group at the head of a rollup row's `seconds` (after its format number): assigned, closed,
 * reopened, rating count, rating sum, how many first-response and time-to-close values the group has,
 * and how many distinct ones (the lengths of its two value lists, which follow: the distinct values,
 * then their cumulative counts unless every value is distinct).
 */
export const ROLLUP_GROUP_COUNTS = 9;

/** The lists after the counts are int32 (every value a whole number in range) or float64. */
const INT32_LISTS = 1;
const FLOAT64_LISTS = 0;

/** A rollup row's columns: its group keys (JSON) and its counts and value lists (bytes). */
export interface RollupRow {
  groups: string;
  seconds: Buffer;
}

/**
 * A bucket row (migration 0012's format) from groups' statistics; each group's lists are merged into
 * one value list (a day has one list per group already; a month merges its days'). The lists are int32
 * when they can be (seconds between two timestamps are whole): a year of distinct values at 1,000,000
 * conversations is ~9 MB of float64 to read per query, and reading the bytes was most of its cost.
 */
export function encodeRollup(statistics: readonly GroupStatistics[]): RollupRow {
  const header = new Float64Array(1 + statistics.length * ROLLUP_GROUP_COUNTS);
  const lists: ArrayLike<number>[] = [];
  statistics.forEach(({ row, firstResponses, closeTimes }, index) => {
    const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
    const first = mergeValueLists(firstResponses);
    const close = mergeValueLists(closeTimes);
    header.set(
      [
        assigned,
        closed,
        reopened,
        ratingCount,
        ratingSum,
        valueCount(first),
        valueCount(close),
        first.values.length,
        close.values.length,
      ],
      1 + index * ROLLUP_GROUP_COUNTS,
    );
    lists.push(first.values, first.ends ?? [], close.values, close.ends ?? []);
  });
  const int32 = lists.every(fitsInt32);
  header[0] = int32 ? INT32_LISTS : FLOAT64_LISTS;
  const length = lists.reduce((sum, list) => sum + list.length, 0);
  const bytes = new ArrayBuffer(header.byteLength + length * (int32 ? 4 : 8));
  new Float64Array(bytes, 0, header.length).set(header);
  const body = int32
    ? new Int32Array(bytes, header.byteLength, length)
    : new Float64Array(bytes, header.byteLength, length);
  let offset = 0;
  for (const list of lists) {
    body.set(list, offset);
    offset += list.length;
  }
  return {
    groups: JSON.stringify(statistics.map(({ row }) => row[0])),
    seconds: Buffer.from(bytes),
  };
}

/**
 * A rollup row's groups with their counts and value lists. The lists are views over the row's bytes (no
 * copy) when they are 8-byte aligned, else over one aligned copy of the row.
 */
export function decodeRollup(row: RollupRow): GroupStatistics[] {
  const keys = JSON.parse(row.groups) as (string | null)[];
  const { seconds } = row;
  // Typed arrays in the platform order: little-endian on every platform Node ships for.
  const [buffer, start] =
    seconds.byteOffset % 8 === 0 ? [seconds.buffer, seconds.byteOffset] : [new Uint8Array(seconds).buffer, 0];
  const headerLength = 1 + keys.length * ROLLUP_GROUP_COUNTS;
  const header = new Float64Array(buffer, start, headerLength);
  const bodyStart = start + headerLength * 8;
  const body =
    header[0] === INT32_LISTS
      ? new Int32Array(buffer, bodyStart, (seconds.byteLength - headerLength * 8) / 4)
      : new Float64Array(buffer, bodyStart, (seconds.byteLength - headerLength * 8) / 8);
  let offset = 0;
  const list = (count: number, distinct: number): ValueList => {
    const values = body.subarray(offset, offset + distinct);
    offset += distinct;
    if (distinct === count) return { values };
    const ends = body.subarray(offset, offset + distinct);
    offset += distinct;
    return { values, ends };
  };
  return keys.map((key, index) => {
    const at = 1 + index * ROLLUP_GROUP_COUNTS;
    const firstResponses = list(header[at + 5]!, header[at + 7]!);
    const closeTimes = list(header[at + 6]!, header[at + 8]!);
    return {
      row: [key, header[at]!, header[at + 1]!, header[at + 2]!, header[at + 3]!, header[at + 4]!],
      firstResponses: [firstResponses],
      closeTimes: [closeTimes],
    };
  });
}

function fitsInt32(list: ArrayLike<number>): boolean {
  if (list instanceof Int32Array) return true;
  for (let index = 0; index < list.length; index += 1) {
    const value = list[index]!;
    if ((value | 0) !== value || Object.is(value, -0)) return false;
  }
  return true;
}
