import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';
import { hasPerformanceRollups, ROLLUP_DAY_SECONDS } from '../db/performance-rollups.js';
import type { RollupGroup } from '../db/performance-rollups.js';
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
      .all(groupBy, firstDay, endDay, firstDay, endDay) as [string, Uint8Array][];
    for (const [dayGroups, seconds] of rows)
      groups.addRollupDay(JSON.parse(dayGroups) as RollupGroup[], seconds);
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

/** Per group key: summed counts and the pieces of its value lists, joined once at the end. */
class GroupMerge {
  readonly #groups = new Map<string | null, { row: GroupCounts; first: Uint8Array[]; close: Uint8Array[] }>();

  addRaw({ row, firstResponses, closeTimes }: GroupStatistics): void {
    const group = this.#group(row[0]);
    addCounts(group.row, row);
    group.first.push(bytesOf(firstResponses));
    group.close.push(bytesOf(closeTimes));
  }

  /** A rollup day: its groups and their values, first responses then times to close per group. */
  addRollupDay(dayGroups: readonly RollupGroup[], seconds: Uint8Array): void {
    let offset = 0;
    for (const [key, assigned, closed, reopened, ratingCount, ratingSum, firsts, closes] of dayGroups) {
      const group = this.#group(key);
      addCounts(group.row, [key, assigned, closed, reopened, ratingCount, ratingSum]);
      group.first.push(seconds.subarray(offset, offset + firsts * 8));
      offset += firsts * 8;
      group.close.push(seconds.subarray(offset, offset + closes * 8));
      offset += closes * 8;
    }
  }

  /** In key order (null first), as readGroupStatistics returns them. */
  statistics(): GroupStatistics[] {
    return [...this.#groups.values()]
      .sort((a, b) => compareKeys(a.row[0], b.row[0]))
      .map(({ row, first, close }) => ({
        row,
        firstResponses: joinedFloats(first),
        closeTimes: joinedFloats(close),
      }));
  }

  #group(key: string | null): { row: GroupCounts; first: Uint8Array[]; close: Uint8Array[] } {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { row: [key, 0, 0, 0, 0, 0], first: [], close: [] };
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

function bytesOf(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** float64 byte pieces copied into one array (a blob's bytes need not be 8-byte aligned to be viewed). */
function joinedFloats(pieces: readonly Uint8Array[]): Float64Array {
  const bytes = new Uint8Array(pieces.reduce((length, piece) => length + piece.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.byteLength;
  }
  return new Float64Array(bytes.buffer);
}
