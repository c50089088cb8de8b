import type { GroupStatistics } from '../queries/period-group-statistics.js';
import { mergeValueLists, valueCount } from '../queries/value-list.js';
import type { ValueList } from '../queries/value-list.js';

/**
 * Counts per group at the head of a rollup row's `seconds`: assigned, closed, reopened, rating count,
 * rating sum, how many first-response and time-to-close values the group has, and how many distinct
 * ones (the lengths of its two value lists, which follow: the distinct values, then their cumulative
 * counts unless every value is distinct).
 */
export const ROLLUP_GROUP_COUNTS = 9;

/** A rollup row's columns: its group keys (JSON) and its counts and value lists (float64 bytes). */
export interface RollupRow {
  groups: string;
  seconds: Buffer;
}

/**
 * A day or month row (migrations 0010 and 0012, format of 0012) from groups' statistics; each group's
 * lists are merged into one value list (a day has one list per group already; a month merges its days').
 */
export function encodeRollup(statistics: readonly GroupStatistics[]): RollupRow {
  const counts = new Float64Array(statistics.length * ROLLUP_GROUP_COUNTS);
  const lists: Float64Array[] = [counts];
  statistics.forEach(({ row, firstResponses, closeTimes }, index) => {
    const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
    const first = mergeValueLists(firstResponses);
    const close = mergeValueLists(closeTimes);
    counts.set(
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
      index * ROLLUP_GROUP_COUNTS,
    );
    lists.push(
      first.values,
      first.ends ?? new Float64Array(0),
      close.values,
      close.ends ?? new Float64Array(0),
    );
  });
  const all = concatenated(lists);
  return {
    groups: JSON.stringify(statistics.map(({ row }) => row[0])),
    seconds: Buffer.from(all.buffer, all.byteOffset, all.byteLength),
  };
}

/**
 * A rollup row's groups with their counts and value lists. The lists are views over the row's bytes (no
 * copy) when they are 8-byte aligned, else over one aligned copy of the row.
 */
export function decodeRollup(row: RollupRow): GroupStatistics[] {
  const keys = JSON.parse(row.groups) as (string | null)[];
  const { seconds } = row;
  // Float64 in the platform order: little-endian on every platform Node ships for.
  const numbers =
    seconds.byteOffset % 8 === 0
      ? new Float64Array(seconds.buffer, seconds.byteOffset, seconds.byteLength / 8)
      : new Float64Array(new Uint8Array(seconds).buffer);
  let offset = keys.length * ROLLUP_GROUP_COUNTS;
  const list = (count: number, distinct: number): ValueList => {
    const values = numbers.subarray(offset, offset + distinct);
    offset += distinct;
    if (distinct === count) return { values };
    const ends = numbers.subarray(offset, offset + distinct);
    offset += distinct;
    return { values, ends };
  };
  return keys.map((key, index) => {
    const at = index * ROLLUP_GROUP_COUNTS;
    const firstResponses = list(numbers[at + 5]!, numbers[at + 7]!);
    const closeTimes = list(numbers[at + 6]!, numbers[at + 8]!);
    return {
      row: [key, numbers[at]!, numbers[at + 1]!, numbers[at + 2]!, numbers[at + 3]!, numbers[at + 4]!],
      firstResponses: [firstResponses],
      closeTimes: [closeTimes],
    };
  });
}

function concatenated(lists: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(lists.reduce((length, list) => length + list.length, 0));
  let offset = 0;
  for (const list of lists) {
    all.set(list, offset);
    offset += list.length;
  }
  return all;
}
