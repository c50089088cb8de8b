import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';
import {
  daysOfMonth,
  hasPerformanceRollups,
  monthOfDay,
  ROLLUP_DAY_SECONDS,
} from '../db/performance-rollups.js';
import { decodeRollup } from '../db/rollup-codec.js';
import type { RollupRow } from '../db/rollup-codec.js';
import { GroupStatisticsMerge } from './group-statistics-merge.js';
import { readGroupStatistics } from './period-group-statistics.js';
import type { GroupStatistics } from './period-group-statistics.js';
import { prepared } from './statement-cache.js';

/**
 * readGroupStatistics' answer for [since, until) (no company or insight filter), from the rollups: month
 * rows (migration 0012) for the calendar months the period covers whole, day rows (migration 0010) for
 * the other whole days, and the raw rows for its partial first and last days and for stale days. A month
 * is read from its days while it or one of its days is stale. One read transaction, so rollups and stale
 * marks are one snapshot. Each bucket's values stay a sorted list of the group's values, so medians and
 * p90 stay exact. Undefined when the database has no rollups in this format (an older file opened read-only).
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
    const merge = new GroupStatisticsMerge();
    const stale = prepared(
      database,
      `SELECT day FROM performance_stale_days WHERE day >= ? AND day < ? ORDER BY day`,
    )
      .pluck()
      .all(firstDay, endDay) as number[];
    for (const [from, to] of rawRanges(since, until, firstDay, endDay, stale)) {
      for (const statistics of readGroupStatistics(database, groupBy, from, to)) merge.add(statistics);
    }
    const months = freshMonths(database, firstDay, endDay, stale);
    if (months.size > 0) {
      const rows = prepared(
        database,
        `SELECT month, groups, seconds FROM performance_month_rollups
         WHERE group_by = ? AND month >= ? AND month < ?`,
      ).all(groupBy, Math.min(...months), Math.max(...months) + 1) as (RollupRow & { month: number })[];
      for (const row of rows) {
        if (months.has(row.month)) for (const statistics of decodeRollup(row)) merge.add(statistics);
      }
    }
    const days = prepared(
      database,
      `SELECT groups, seconds FROM performance_day_rollups
       WHERE group_by = ? AND day >= ? AND day < ?
         AND day NOT IN (SELECT day FROM performance_stale_days WHERE day >= ? AND day < ?)`,
    );
    for (const [from, to] of daySegments(firstDay, endDay, months)) {
      for (const row of days.all(groupBy, from, to, from, to) as RollupRow[]) {
        for (const statistics of decodeRollup(row)) merge.add(statistics);
      }
    }
    return merge.statistics();
  });
  return read();
}

/** The calendar months inside [firstDay, endDay) whose month row is fresh: neither it nor a day stale. */
function freshMonths(
  database: FicDatabase,
  firstDay: number,
  endDay: number,
  staleDays: readonly number[],
): Set<number> {
  let first = monthOfDay(firstDay);
  if (daysOfMonth(first)[0] < firstDay) first += 1;
  const end = monthOfDay(endDay); // the month holding endDay starts at or before it: not whole
  const months = new Set<number>();
  if (first >= end) return months;
  const stale = new Set(
    prepared(database, `SELECT month FROM performance_stale_months WHERE month >= ? AND month < ?`)
      .pluck()
      .all(first, end) as number[],
  );
  for (const day of staleDays) stale.add(monthOfDay(day));
  for (let month = first; month < end; month += 1) if (!stale.has(month)) months.add(month);
  return months;
}

/** The day ranges of [firstDay, endDay) outside the months read from month rows. */
function daySegments(firstDay: number, endDay: number, months: ReadonlySet<number>): [number, number][] {
  const segments: [number, number][] = [];
  let from = firstDay;
  for (const month of [...months].sort((a, b) => a - b)) {
    const [start, end] = daysOfMonth(month);
    if (start > from) segments.push([from, start]);
    from = end;
  }
  if (from < endDay) segments.push([from, endDay]);
  return segments;
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
