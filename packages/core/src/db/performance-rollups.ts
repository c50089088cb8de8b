import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';
import { readGroupStatistics } from '../queries/period-group-statistics.js';
import { one, prepared } from '../queries/statement-cache.js';

/** Seconds per rollup bucket: one UTC day of created_at (the triggers of migration 0010 agree). */
export const ROLLUP_DAY_SECONDS = 86_400;

/**
 * At most this many stale days are recomputed at the end of a sync page, in its transaction. A page of
 * recent changes marks a day or two, so an incremental sync leaves nothing stale. A full sync or a
 * rebuild marks hundreds and would mark a recomputed day again with its next page (pages come in
 * updated_at order, days by created_at): with more stale days than this the page recomputes none, and
 * refreshAllPerformanceRollups does them once when the run finishes (ConversationRepository.finishRun). The query is exact meanwhile (it reads
 * stale days from the raw rows).
 */
export const PAGE_ROLLUP_DAYS = 2;

/** Whether this database has the rollup tables (a read-only open of an older file is not migrated). */
export function hasPerformanceRollups(database: FicDatabase): boolean {
  return (
    one(
      database,
      `SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'performance_stale_days'`,
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

/** Recomputes every stale day, one transaction per batch of days so a long refresh does not hold the lock. */
export function refreshAllPerformanceRollups(database: FicDatabase): number {
  if (!hasPerformanceRollups(database)) return 0;
  const batch = sqliteOf(database).transaction((): number => {
    const days = staleDays(database, 50);
    for (const day of days) refreshDay(database, day);
    return days.length;
  });
  let total = 0;
  // Bounded: each pass clears up to 50 of a finite set of stale days, and nothing else writes meanwhile.
  for (let done = batch.immediate(); done > 0; done = batch.immediate()) total += done;
  return total;
}

/** The newest stale days first: recent days are the ones asked about. */
function staleDays(database: FicDatabase, limit: number): number[] {
  return prepared(database, `SELECT day FROM performance_stale_days ORDER BY day DESC LIMIT ?`)
    .pluck()
    .all(limit) as number[];
}

function refreshDay(database: FicDatabase, day: number): void {
  const since = day * ROLLUP_DAY_SECONDS;
  const until = since + ROLLUP_DAY_SECONDS;
  prepared(database, `DELETE FROM performance_day_rollups WHERE day = ?`).run(day);
  const insert = prepared(
    database,
    `INSERT INTO performance_day_rollups (group_by, day, groups, seconds) VALUES (?, ?, ?, ?)`,
  );
  for (const groupBy of ['admin', 'team'] as const) {
    const statistics = readGroupStatistics(database, groupBy, since, until);
    if (statistics.length === 0) continue;
    const keys = statistics.map(({ row }) => row[0]);
    const counts = new Float64Array(statistics.length * ROLLUP_GROUP_COUNTS);
    const lists: Float64Array[] = [counts];
    statistics.forEach(({ row, firstResponses, closeTimes }, index) => {
      const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
      counts.set(
        [assigned, closed, reopened, ratingCount, ratingSum, firstResponses.length, closeTimes.length],
        index * ROLLUP_GROUP_COUNTS,
      );
      lists.push(firstResponses.sort(), closeTimes.sort());
    });
    insert.run(groupBy, day, JSON.stringify(keys), secondsBlob(lists));
  }
  prepared(database, `DELETE FROM performance_stale_days WHERE day = ?`).run(day);
}

/**
 * Counts per group at the head of a rollup day's `seconds`: assigned, closed, reopened, rating count,
 * rating sum, then how many first-response and time-to-close values follow for the group.
 */
export const ROLLUP_GROUP_COUNTS = 7;

/** The lists as float64 bytes in the platform order (little-endian on every platform Node ships for). */
function secondsBlob(lists: readonly Float64Array[]): Buffer {
  const all = new Float64Array(lists.reduce((length, list) => length + list.length, 0));
  let offset = 0;
  for (const list of lists) {
    all.set(list, offset);
    offset += list.length;
  }
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}
