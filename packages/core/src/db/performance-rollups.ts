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
 * refreshAllPerformanceRollups does them once after the pass. The query is exact meanwhile (it reads
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
    `INSERT INTO performance_day_rollups (group_by, day, group_id, assigned, closed, reopened,
       rating_count, rating_sum, first_responses, close_times) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const groupBy of ['admin', 'team'] as const) {
    for (const { row, firstResponses, closeTimes } of readGroupStatistics(database, groupBy, since, until)) {
      const [key, assigned, closed, reopened, ratingCount, ratingSum] = row;
      insert.run(
        groupBy,
        day,
        key ?? '',
        assigned,
        closed,
        reopened,
        ratingCount,
        ratingSum,
        sortedBlob(firstResponses),
        sortedBlob(closeTimes),
      );
    }
  }
  prepared(database, `DELETE FROM performance_stale_days WHERE day = ?`).run(day);
}

/** The values sorted, as float64 bytes in the platform order (little-endian on every platform Node ships for). */
function sortedBlob(values: Float64Array): Buffer {
  values.sort();
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}
