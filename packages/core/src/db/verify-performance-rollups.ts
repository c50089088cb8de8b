import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';
import {
  daysOfMonth,
  hasPerformanceRollups,
  monthOfDay,
  ROLLUP_DAY_SECONDS,
  ROLLUP_HOUR_SECONDS,
} from './performance-rollups.js';
import { encodeRollup } from './rollup-codec.js';
import type { RollupRow } from './rollup-codec.js';
import type BetterSqlite3 from 'better-sqlite3';
import { readGroupStatistics, readHourGroupStatistics } from '../queries/period-group-statistics.js';
import type { VerifyCheck } from './verify-database.js';

const GROUPINGS = ['admin', 'team'] as const;
const exampleCount = 5;

/**
 * The hour, day and month rollups of get_team_performance (migrations 0010 and 0012) recomputed from the
 * conversations rows: every day and month not marked stale must hold exactly what a recompute gives
 * (same groups, counts and sorted values), and a day or month with conversations must have its rows.
 * Stale ones are skipped (the query reads their rows). Drift means a write bypassed the triggers;
 * `fic rebuild` recomputes everything.
 */
export function checkPerformanceRollups(database: FicDatabase): VerifyCheck {
  const name = 'performance_rollups';
  if (!hasPerformanceRollups(database)) {
    return {
      name,
      ok: true,
      skipped: true,
      detail: 'no rollups in this format yet (a database from before migration 0012)',
    };
  }
  const sqlite = sqliteOf(database);
  const read = sqlite.transaction((): { drifted: string[]; days: number; months: number } => {
    const staleDays = new Set(
      sqlite.prepare('SELECT day FROM performance_stale_days').pluck().all() as number[],
    );
    const days = (
      sqlite
        .prepare(
          `SELECT DISTINCT created_at / 86400 FROM conversations
           UNION SELECT day FROM performance_day_rollups ORDER BY 1`,
        )
        .pluck()
        .all() as number[]
    ).filter((day) => !staleDays.has(day));
    const drifted: string[] = [];
    const dayRow = sqlite.prepare(
      'SELECT groups, seconds FROM performance_day_rollups WHERE group_by = ? AND day = ?',
    );
    const hourRows = sqlite.prepare(
      'SELECT hour, groups, seconds FROM performance_hour_rollups WHERE group_by = ? AND hour >= ? AND hour < ?',
    );
    for (const day of days) {
      for (const groupBy of GROUPINGS) {
        const since = day * ROLLUP_DAY_SECONDS;
        const stored = dayRow.get(groupBy, day) as RollupRow | undefined;
        const date = new Date(since * 1000).toISOString().slice(0, 10);
        if (!matches(database, groupBy, since, since + ROLLUP_DAY_SECONDS, stored)) {
          drifted.push(`${groupBy} day ${date}`);
        }
        if (!hoursMatch(database, groupBy, since, hourRows)) drifted.push(`${groupBy} hours of ${date}`);
      }
    }
    const staleMonths = new Set(
      sqlite.prepare('SELECT month FROM performance_stale_months').pluck().all() as number[],
    );
    for (const day of staleDays) staleMonths.add(monthOfDay(day));
    const months = [
      ...new Set([
        ...days.map(monthOfDay),
        ...(sqlite.prepare('SELECT month FROM performance_month_rollups').pluck().all() as number[]),
      ]),
    ].filter((month) => !staleMonths.has(month));
    const monthRow = sqlite.prepare(
      'SELECT groups, seconds FROM performance_month_rollups WHERE group_by = ? AND month = ?',
    );
    for (const month of months) {
      const [firstDay, endDay] = daysOfMonth(month);
      for (const groupBy of GROUPINGS) {
        const stored = monthRow.get(groupBy, month) as RollupRow | undefined;
        const since = firstDay * ROLLUP_DAY_SECONDS;
        if (!matches(database, groupBy, since, endDay * ROLLUP_DAY_SECONDS, stored)) {
          drifted.push(`${groupBy} month ${new Date(since * 1000).toISOString().slice(0, 7)}`);
        }
      }
    }
    return { drifted, days: days.length, months: months.length };
  });
  const { drifted, days, months } = read();
  const checked = `${days} days (and their hours) and ${months} months of rollups`;
  return drifted.length === 0
    ? { name, ok: true, detail: `${checked} match a recompute from the conversations` }
    : {
        name,
        ok: false,
        detail: `${drifted.length} of ${checked} differ from a recompute from the conversations (${drifted
          .slice(0, exampleCount)
          .join(', ')}): fic rebuild recomputes them`,
      };
}

/** Whether a day's stored hour rows equal a recompute of its hours (the same hours, the same bytes). */
function hoursMatch(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  since: number,
  hourRows: BetterSqlite3.Statement,
): boolean {
  const firstHour = since / ROLLUP_HOUR_SECONDS;
  const stored = hourRows.all(groupBy, firstHour, firstHour + 24) as (RollupRow & { hour: number })[];
  const expected = readHourGroupStatistics(database, groupBy, since, since + ROLLUP_DAY_SECONDS);
  if (stored.length !== expected.size) return false;
  return stored.every((row) => {
    const statistics = expected.get(row.hour);
    if (statistics === undefined) return false;
    const encoded = encodeRollup(statistics);
    return row.groups === encoded.groups && row.seconds.equals(encoded.seconds);
  });
}

/** Whether a stored rollup row equals the recompute of [since, until) (no row: nothing to roll up). */
function matches(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  since: number,
  until: number,
  stored: RollupRow | undefined,
): boolean {
  const statistics = readGroupStatistics(database, groupBy, since, until);
  if (statistics.length === 0) return stored === undefined;
  const expected = encodeRollup(statistics);
  return stored !== undefined && stored.groups === expected.groups && stored.seconds.equals(expected.seconds);
}
