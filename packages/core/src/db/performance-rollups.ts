import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';
import { GroupStatisticsMerge } from '../queries/group-statistics-merge.js';
import { readHourGroupStatistics } from '../queries/period-group-statistics.js';
import type { GroupStatistics } from '../queries/period-group-statistics.js';
import { decodeRollup, encodeRollup } from './rollup-codec.js';
import type { RollupRow } from './rollup-codec.js';
import { one, prepared } from '../queries/statement-cache.js';

/** Seconds per rollup bucket: one UTC day of created_at (the triggers of migration 0010 agree). */
export const ROLLUP_DAY_SECONDS = 86_400;

/** Seconds per hour rollup (migration 0012): a period's partial edge days read hours, not rows. */
export const ROLLUP_HOUR_SECONDS = 3600;

/**
 * At most this many stale days are recomputed at the end of a sync page, in its transaction. A page of
 * recent changes marks a day or two, so an incremental sync leaves nothing stale. A full sync or a
 * rebuild marks hundreds and would mark a recomputed day again with its next page (pages come in
 * updated_at order, days by created_at): with more stale days than this the page recomputes none, and
 * refreshAllPerformanceRollups does them once when the run finishes (ConversationRepository.finishRun). The query is exact meanwhile (it reads
 * stale days from the raw rows).
 */
export const PAGE_ROLLUP_DAYS = 2;

/**
 * Whether this database has the rollups in the format this code reads: migration 0012's month tables
 * (which also rewrote the day rows' format). A read-only open of an older file is not migrated: its
 * queries take the raw path.
 */
export function hasPerformanceRollups(database: FicDatabase): boolean {
  return (
    one(
      database,
      `SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'performance_stale_months'`,
    ) !== undefined
  );
}

/**
 * Recomputes the stale days from the conversations rows when there are at most PAGE_ROLLUP_DAYS of
 * them (else none), inside the caller's transaction: the sync page's hook. Returns how many it did.
 */
export function refreshFewPerformanceRollups(database: FicDatabase): number {
  if (!hasPerformanceRollups(database)) return 0;
  const days = staleDays(database, PAGE_ROLLUP_DAYS + 1);
  if (days.length > PAGE_ROLLUP_DAYS) return 0;
  for (const day of days) refreshDay(database, day);
  return days.length;
}

/**
 * Recomputes every stale day, then every stale month from its days, one transaction per batch so a long
 * refresh does not hold the lock. Months wait for this (a sync page refreshes days only): rebuilding a
 * month merges up to 31 day rows, too much for every page, and the query reads a stale month's days.
 */
export function refreshAllPerformanceRollups(database: FicDatabase): number {
  if (!hasPerformanceRollups(database)) return 0;
  const sqlite = sqliteOf(database);
  const dayBatch = sqlite.transaction((): number => {
    const days = staleDays(database, 50);
    for (const day of days) refreshDay(database, day);
    return days.length;
  });
  let total = 0;
  // Bounded: each pass clears up to 50 of a finite set of stale days, and nothing else writes meanwhile.
  for (let done = dayBatch.immediate(); done > 0; done = dayBatch.immediate()) total += done;
  // Newest first, each stale month visited once: a month whose days another writer has made stale
  // meanwhile stays stale (the query reads its days) instead of being retried forever.
  let before = Number.MAX_SAFE_INTEGER;
  const monthBatch = sqlite.transaction((): number => {
    const months = prepared(
      database,
      `SELECT month FROM performance_stale_months WHERE month < ? ORDER BY month DESC LIMIT 4`,
    )
      .pluck()
      .all(before) as number[];
    for (const month of months) refreshMonth(database, month);
    before = months.at(-1) ?? before;
    return months.length;
  });
  for (let done = monthBatch.immediate(); done > 0; done = monthBatch.immediate()) total += done;
  return total;
}

/** The UTC calendar month of a day number (days since 1970-01-01), as year × 12 + month − 1. */
export function monthOfDay(day: number): number {
  const date = new Date(day * ROLLUP_DAY_SECONDS * 1000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The days [first, end) of a month numbered as monthOfDay numbers it. */
export function daysOfMonth(month: number): [number, number] {
  const start = Date.UTC(Math.floor(month / 12), month % 12, 1);
  const end = Date.UTC(Math.floor((month + 1) / 12), (month + 1) % 12, 1);
  return [start / 86_400_000, end / 86_400_000];
}

/** The newest stale days first: recent days are the ones asked about. */
function staleDays(database: FicDatabase, limit: number): number[] {
  return prepared(database, `SELECT day FROM performance_stale_days ORDER BY day DESC LIMIT ?`)
    .pluck()
    .all(limit) as number[];
}

/**
 * A day's hour rows and day row, from one scan of its rows grouped by hour: the day row merges its
 * hours (the same values as a scan of the day).
 */
function refreshDay(database: FicDatabase, day: number): void {
  const since = day * ROLLUP_DAY_SECONDS;
  const until = since + ROLLUP_DAY_SECONDS;
  const firstHour = since / ROLLUP_HOUR_SECONDS;
  prepared(database, `DELETE FROM performance_day_rollups WHERE day = ?`).run(day);
  prepared(database, `DELETE FROM performance_hour_rollups WHERE hour >= ? AND hour < ?`).run(
    firstHour,
    firstHour + 24,
  );
  const insertDay = prepared(
    database,
    `INSERT INTO performance_day_rollups (group_by, day, groups, seconds) VALUES (?, ?, ?, ?)`,
  );
  const insertHour = prepared(
    database,
    `INSERT INTO performance_hour_rollups (group_by, hour, groups, seconds) VALUES (?, ?, ?, ?)`,
  );
  for (const groupBy of ['admin', 'team'] as const) {
    const merge = new GroupStatisticsMerge();
    for (const [hour, statistics] of readHourGroupStatistics(database, groupBy, since, until)) {
      const { groups, seconds } = encodeRollup(statistics);
      insertHour.run(groupBy, hour, groups, seconds);
      for (const group of statistics) merge.add(group);
    }
    const statistics = merge.statistics();
    if (statistics.length === 0) continue;
    const { groups, seconds } = encodeRollup(statistics);
    insertDay.run(groupBy, day, groups, seconds);
  }
  prepared(database, `DELETE FROM performance_stale_days WHERE day = ?`).run(day);
  prepared(database, `INSERT OR IGNORE INTO performance_stale_months (month) VALUES (?)`).run(
    monthOfDay(day),
  );
}

/**
 * Rebuilds a month's rows from its day rows, unless one of its days is stale (the month stays stale,
 * the query reads its days; the next refresh of everything comes back to it).
 */
function refreshMonth(database: FicDatabase, month: number): void {
  const [firstDay, endDay] = daysOfMonth(month);
  prepared(database, `DELETE FROM performance_stale_months WHERE month = ?`).run(month);
  prepared(database, `DELETE FROM performance_month_rollups WHERE month = ?`).run(month);
  const stale = one(
    database,
    `SELECT 1 AS found FROM performance_stale_days WHERE day >= ? AND day < ? LIMIT 1`,
    [firstDay, endDay],
  );
  if (stale !== undefined) {
    prepared(database, `INSERT INTO performance_stale_months (month) VALUES (?)`).run(month);
    return;
  }
  const insert = prepared(
    database,
    `INSERT INTO performance_month_rollups (group_by, month, groups, seconds) VALUES (?, ?, ?, ?)`,
  );
  for (const groupBy of ['admin', 'team'] as const) {
    const statistics = monthStatistics(database, groupBy, firstDay, endDay);
    if (statistics.length === 0) continue;
    const { groups, seconds } = encodeRollup(statistics);
    insert.run(groupBy, month, groups, seconds);
  }
}

/** A month's groups from its day rows, in key order like readGroupStatistics. */
export function monthStatistics(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  firstDay: number,
  endDay: number,
): GroupStatistics[] {
  const rows = prepared(
    database,
    `SELECT groups, seconds FROM performance_day_rollups WHERE group_by = ? AND day >= ? AND day < ?`,
  ).all(groupBy, firstDay, endDay) as RollupRow[];
  const merged = new GroupStatisticsMerge();
  for (const row of rows) for (const statistics of decodeRollup(row)) merged.add(statistics);
  return merged.statistics();
}
