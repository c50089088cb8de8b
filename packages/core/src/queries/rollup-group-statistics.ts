import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';
import { hasPerformanceRollups, ROLLUP_DAY_SECONDS, ROLLUP_GROUP_COUNTS } from '../db/performance-rollups.js';
import { readGroupStatistics } from './period-group-statistics.js';
import type { GroupCounts, GroupStatistics } from './period-group-statistics.js';
import { prepared } from './statement-cache.js';

/**
 * readGroupStatistics' answer for [since, until) (no company or insight filter), from the day rollups of
 * migration 0010 for the whole days the period covers, and from the raw rows for its partial first and
 * last days and for days still stale. One read transaction, so rollups and stale marks are one snapshot.
 * The values of a group are the union of its days' exact values: medians and p90 stay exact.
 * Undefined when the database has no rollups (an older file opened read-only).
 */
export function readRollupGroupStatistics(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  since: number,
  until: number,
): GroupStatistics[] | undefined {
  if (!hasPerformanceRollups(database)) return undefined;
  const firstDay = Math.max(0, Math.ceil(since / ROLLUP_DAY_SECONDS));
  const endDay = Math.floor(until / ROLLUP_DAY_SECONDS);
  if (firstDay >= endDay) return readGroupStatistics(database, groupBy, since, until);
  const read = sqliteOf(database).transaction(() => {
    const groups = new GroupMerge();
    const stale = prepared(
      database,
      `SELECT day FROM performance_stale_days WHERE day >= ? AND day < ? ORDER BY day`,
    )
      .pluck()
      .all(firstDay, endDay) as number[];
    for (const [from, to] of rawRanges(since, until, firstDay, endDay, stale)) {
      for (const statistics of readGroupStatistics(database, groupBy, from, to)) groups.addRaw(statistics);
    }
    const rows = prepared(
      database,
      `SELECT groups, seconds FROM performance_day_rollups
       WHERE group_by = ? AND day >= ? AND day < ?
         AND day NOT IN (SELECT day FROM performance_stale_days WHERE day >= ? AND day < ?)`,
    )
      .raw(true)
      .all(groupBy, firstDay, endDay, firstDay, endDay) as [string, Buffer][];
    for (const [keys, seconds] of rows) groups.addRollupDay(JSON.parse(keys) as (string | null)[], seconds);
    return groups.statistics();
  });
  return read();
}

/**
 * The ranges to read from raw rows: the partial days at either end, and runs of stale days merged
 * into one range each (a file whose rollups were never computed reads one range: today's cost).
 */
function rawRanges(
  since: number,
  until: number,
  firstDay: number,
  endDay: number,
  stale: readonly number[],
): [number, number][] {
  const ranges: [number, number][] = [];
  const add = (from: number, to: number): void => {
    if (from >= to) return;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === from) last[1] = to;
    else ranges.push([from, to]);
  };
  add(since, firstDay * ROLLUP_DAY_SECONDS);
  for (const day of stale) add(day * ROLLUP_DAY_SECONDS, (day + 1) * ROLLUP_DAY_SECONDS);
  add(endDay * ROLLUP_DAY_SECONDS, until);
  return ranges;
}

interface MergedGroup {
  row: GroupCounts;
  firstCount: number;
  closeCount: number;
  raw: GroupStatistics[];
}

/**
 * Per group key: summed counts and its values from raw reads and rollup days. The values are copied
 * once, straight from each day's blob into the group's array (Buffer.copy, no view object per piece):
 * views and closures per group and day were most of the cost in a profile of a year's query.
 */
class GroupMerge {
  readonly #groups = new Map<string | null, MergedGroup>();
  readonly #days: { groups: MergedGroup[]; seconds: Buffer }[] = [];

  addRaw(statistics: GroupStatistics): void {
    const group = this.#group(statistics.row[0]);
    addCounts(group.row, statistics.row);
    group.firstCount += statistics.firstResponses.length;
    group.closeCount += statistics.closeTimes.length;
    group.raw.push(statistics);
  }

  /** A rollup day (see migration 0010): its group keys, then its counts and values as float64s. */
  addRollupDay(keys: readonly (string | null)[], seconds: Buffer): void {
    const groups: MergedGroup[] = [];
    for (let index = 0; index < keys.length; index += 1) {
      const group = this.#group(keys[index]!);
      const at = index * ROLLUP_GROUP_COUNTS * 8;
      const row = group.row;
      row[1] += seconds.readDoubleLE(at);
      row[2] += seconds.readDoubleLE(at + 8);
      row[3] += seconds.readDoubleLE(at + 16);
      row[4] += seconds.readDoubleLE(at + 24);
      row[5] += seconds.readDoubleLE(at + 32);
      group.firstCount += seconds.readDoubleLE(at + 40);
      group.closeCount += seconds.readDoubleLE(at + 48);
      groups.push(group);
    }
    this.#days.push({ groups, seconds });
  }

  /** In key order (null first), as readGroupStatistics returns them. */
  statistics(): GroupStatistics[] {
    const arrays = new Map<MergedGroup, { first: Float64Array; close: Float64Array; at: [number, number] }>();
    for (const group of this.#groups.values()) {
      const first = new Float64Array(group.firstCount);
      const close = new Float64Array(group.closeCount);
      let firstAt = 0;
      let closeAt = 0;
      for (const { firstResponses, closeTimes } of group.raw) {
        first.set(firstResponses, firstAt);
        firstAt += firstResponses.length;
        close.set(closeTimes, closeAt);
        closeAt += closeTimes.length;
      }
      arrays.set(group, { first, close, at: [firstAt * 8, closeAt * 8] });
    }
    for (const { groups, seconds } of this.#days) {
      let offset = groups.length * ROLLUP_GROUP_COUNTS * 8;
      for (let index = 0; index < groups.length; index += 1) {
        const target = arrays.get(groups[index]!)!;
        const at = index * ROLLUP_GROUP_COUNTS * 8;
        const firstBytes = seconds.readDoubleLE(at + 40) * 8;
        const closeBytes = seconds.readDoubleLE(at + 48) * 8;
        seconds.copy(new Uint8Array(target.first.buffer), target.at[0], offset, offset + firstBytes);
        target.at[0] += firstBytes;
        offset += firstBytes;
        seconds.copy(new Uint8Array(target.close.buffer), target.at[1], offset, offset + closeBytes);
        target.at[1] += closeBytes;
        offset += closeBytes;
      }
    }
    return [...this.#groups.values()]
      .sort((a, b) => compareKeys(a.row[0], b.row[0]))
      .map((group) => {
        const { first, close } = arrays.get(group)!;
        return { row: group.row, firstResponses: first, closeTimes: close };
      });
  }

  #group(key: string | null): MergedGroup {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { row: [key, 0, 0, 0, 0, 0], firstCount: 0, closeCount: 0, raw: [] };
      this.#groups.set(key, group);
    }
    return group;
  }
}

function addCounts(into: GroupCounts, row: GroupCounts): void {
  for (let index = 1; index < into.length; index += 1) (into[index] as number) += row[index] as number;
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
