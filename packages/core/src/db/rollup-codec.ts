import type { GroupStatistics } from '../queries/period-group-statistics.js';

/**
 * Counts per group at the head of a rollup row's `seconds`: assigned, closed, reopened, rating count,
 * rating sum, then how many first-response and time-to-close values follow for the group.
 */
export const ROLLUP_GROUP_COUNTS = 7;

/** A rollup row's columns: its group keys (JSON) and its counts and sorted values (float64 bytes). */
export interface RollupRow {
  groups: string;
  seconds: Buffer;
}

/**
 * A day or month row (migrations 0010 and 0012) from groups' statistics; each group's lists are merged
 * into one sorted list (a day has one list per group already; a month merges its days').
 */
export function encodeRollup(statistics: readonly GroupStatistics[]): RollupRow {
  const counts = new Float64Array(statistics.length * ROLLUP_GROUP_COUNTS);
  const lists: Float64Array[] = [counts];
  statistics.forEach(({ row, firstResponses, closeTimes }, index) => {
    const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
    const first = sortedUnion(firstResponses);
    const close = sortedUnion(closeTimes);
    counts.set(
      [assigned, closed, reopened, ratingCount, ratingSum, first.length, close.length],
      index * ROLLUP_GROUP_COUNTS,
    );
    lists.push(first, close);
  });
  const all = concatenated(lists);
  return {
    groups: JSON.stringify(statistics.map(({ row }) => row[0])),
    seconds: Buffer.from(all.buffer, all.byteOffset, all.byteLength),
  };
}

/**
 * A rollup row's groups with their counts and values. The values are views over the row's bytes (no
 * copy) when they are 8-byte aligned, else over one aligned copy of the row: copying a year of values
 * per query was most of its cost.
 */
export function decodeRollup(row: RollupRow): GroupStatistics[] {
  const keys = JSON.parse(row.groups) as (string | null)[];
  const { seconds } = row;
  // Float64 in the platform order: little-endian on every platform Node ships for.
  const values =
    seconds.byteOffset % 8 === 0
      ? new Float64Array(seconds.buffer, seconds.byteOffset, seconds.byteLength / 8)
      : new Float64Array(new Uint8Array(seconds).buffer);
  let offset = keys.length * ROLLUP_GROUP_COUNTS;
  return keys.map((key, index) => {
    const at = index * ROLLUP_GROUP_COUNTS;
    const firstCount = values[at + 5]!;
    const closeCount = values[at + 6]!;
    const firstResponses = values.subarray(offset, offset + firstCount);
    offset += firstCount;
    const closeTimes = values.subarray(offset, offset + closeCount);
    offset += closeCount;
    return {
      row: [key, values[at]!, values[at + 1]!, values[at + 2]!, values[at + 3]!, values[at + 4]!],
      firstResponses: [firstResponses],
      closeTimes: [closeTimes],
    };
  });
}

/** One sorted list holding the values of sorted lists (no copy for a single list). */
function sortedUnion(lists: readonly Float64Array[]): Float64Array {
  if (lists.length === 1) return lists[0]!;
  return concatenated(lists).sort();
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
