import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';
import {
  daysOfMonth,
  hasPerformanceRollups,
  monthOfDay,
  ROLLUP_DAY_SECONDS,
  ROLLUP_HOUR_SECONDS,
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
 * the other whole days, hour rows (0012) for the whole hours of its partial first and last days, and the
 * raw rows for its partial first and last hours and for stale days. A month is read from its days while
 * it or one of its days is stale. One read transaction, so rollups and stale marks are one snapshot.
 * Each bucket's values stay a sorted list of the group's values, so medians and p90 stay exact.
 * Undefined when the database has no rollups in this format (an older file opened read-only).
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
  const read = sqliteOf(database).transaction(() => {
    const merge = new GroupStatisticsMerge();
    const addRows = (rows: readonly RollupRow[]): void => {
      for (const row of rows) for (const statistics of decodeRollup(row)) merge.add(statistics);
    };
    const raw = (from: number, to: number): void => {
      if (from >= to) return;
      for (const statistics of readGroupStatistics(database, groupBy, from, to)) merge.add(statistics);
    };
    const isStale = prepared(database, `SELECT 1 FROM performance_stale_days WHERE day = ?`).pluck();
    const hours = prepared(
      database,
      `SELECT groups, seconds FROM performance_hour_rollups WHERE group_by = ? AND hour >= ? AND hour < ?`,
    );
    /** Part of one day: its whole hours from hour rows (unless the day is stale), the rest raw. */
    const partialDay = (from: number, to: number): void => {
      if (from >= to) return;
      const day = Math.floor(from / ROLLUP_DAY_SECONDS);
      const firstHour = Math.ceil(from / ROLLUP_HOUR_SECONDS);
      const endHour = Math.floor(to / ROLLUP_HOUR_SECONDS);
      const oneDay = Math.floor((to - 1) / ROLLUP_DAY_SECONDS) === day;
      if (!oneDay || firstHour >= endHour || isStale.get(day) !== undefined) return raw(from, to);
      raw(from, firstHour * ROLLUP_HOUR_SECONDS);
      addRows(hours.all(groupBy, firstHour, endHour) as RollupRow[]);
      raw(endHour * ROLLUP_HOUR_SECONDS, to);
    };
    if (firstDay > endDay) {
      partialDay(since, until); // within one day
      return merge.statistics();
    }
    partialDay(since, firstDay * ROLLUP_DAY_SECONDS);
    partialDay(endDay * ROLLUP_DAY_SECONDS, until);
    if (firstDay === endDay) return merge.statistics();
    const stale = prepared(
      database,
      `SELECT day FROM performance_stale_days WHERE day >= ? AND day < ? ORDER BY day`,
    )
      .pluck()
      .all(firstDay, endDay) as number[];
    for (const [from, to] of staleRanges(stale)) raw(from, to);
    const months = freshMonths(database, firstDay, endDay, stale);
    if (months.size > 0) {
      const rows = prepared(
        database,
        `SELECT month, groups, seconds FROM performance_month_rollups
         WHERE group_by = ? AND month >= ? AND month < ?`,
      ).all(groupBy, Math.min(...months), Math.max(...months) + 1) as (RollupRow & { month: number })[];
      addRows(rows.filter((row) => months.has(row.month)));
    }
    const days = prepared(
      database,
      `SELECT groups, seconds FROM performance_day_rollups
       WHERE group_by = ? AND day >= ? AND day < ?
         AND day NOT IN (SELECT day FROM performance_stale_days WHERE day >= ? AND day < ?)`,
    );
    for (const [from, to] of daySegments(firstDay, endDay, months)) {
      addRows(days.all(groupBy, from, to, from, to) as RollupRow[]);
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

/** Runs of stale days as second ranges, one raw read each (a file never refreshed reads one range). */
function staleRanges(stale: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const day of stale) {
    const from = day * ROLLUP_DAY_SECONDS;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === from) last[1] = from + ROLLUP_DAY_SECONDS;
    else ranges.push([from, from + ROLLUP_DAY_SECONDS]);
  }
  return ranges;
}
