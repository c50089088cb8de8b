import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { resolveAdminIds, resolveTeamIds } from './conversation-filters.js';
import { CLOSE_SECONDS_SQL, FIRST_RESPONSE_SECONDS_SQL } from './conversation-metrics.js';
import { assertNotEmpty } from './database-emptiness.js';
import { averageOfSum, medianOfSorted, percentileOfSorted } from './descriptive-statistics.js';
import { all, indexHint, prepared } from './statement-cache.js';
import { isoTime, requireText, resolvePeriod, resolveNow } from './query-input.js';
import type {
  GetTeamPerformanceInput,
  PerformanceGroup,
  PerformanceMetrics,
  TeamPerformanceResult,
} from './query-types.js';

export const TEAM_PERFORMANCE_DEFAULT_DAYS = 30;

/**
 * Service metrics per admin or per team for conversations created in a period; the definitions are
 * documented on TeamPerformanceResult and computed in conversation-metrics.ts.
 */
export function getTeamPerformance(
  database: FicDatabase,
  input: GetTeamPerformanceInput = {},
): TeamPerformanceResult {
  const now = resolveNow(input.now);
  const groupBy = input.groupBy ?? 'admin';
  if (groupBy !== 'admin' && groupBy !== 'team') {
    throw new FicError('invalid_input', 'groupBy must be admin or team', { details: { field: 'groupBy' } });
  }
  const { since, until } = resolvePeriod(input, now, TEAM_PERFORMANCE_DEFAULT_DAYS);
  const members = resolveMembers(database, groupBy, input.members);
  assertNotEmpty(database);

  const names = groupNames(database, groupBy);
  const stats = readGroupStatistics(database, groupBy, since, until);
  const totals = new MetricsSums();
  const groups: PerformanceGroup[] = [];
  let unassigned = 0;
  let firstResponseStart = 0;
  let closeStart = 0;
  for (const row of stats.rows) {
    const [key, assigned, , , , , firstResponseCount, closeCount] = row;
    const firstResponses = stats.firstResponses.subarray(
      firstResponseStart,
      (firstResponseStart += firstResponseCount),
    );
    const closeTimes = stats.closeTimes.subarray(closeStart, (closeStart += closeCount));
    totals.add(row);
    if (key === null) {
      unassigned += assigned;
      continue;
    }
    if (members !== undefined && !members.has(key)) continue;
    groups.push({
      id: key,
      name: names.get(key) ?? null,
      ...performanceMetrics(row, firstResponses.sort(), closeTimes.sort()),
    });
  }
  groups.sort((a, b) => b.assigned - a.assigned || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    groupBy,
    period: { since: isoTime(since), until: isoTime(until), sinceUnix: since, untilUnix: until },
    groups,
    // Sorting the whole lists in place comes after the groups have read their (sorted) slices.
    totals: performanceMetrics(totals.row(), stats.firstResponses.sort(), stats.closeTimes.sort()),
    unassigned,
  };
}

/**
 * One group's counts, in SQL column order: key, assigned, closed, reopened, rating count, rating sum,
 * first-response count, time-to-close count.
 */
type GroupStatisticsRow = [string | null, number, number, number, number, number, number, number];

interface GroupStatistics {
  /** In group-key order (SQLite's: null first, then binary text order). */
  rows: GroupStatisticsRow[];
  /** Every first response in the period, group after group in the same order as rows. */
  firstResponses: Float64Array;
  closeTimes: Float64Array;
}

/** From this share of the database's time span on, the group-led index beats a sort of the period. */
const GROUP_INDEX_MIN_SHARE = 0.2;

/**
 * Counting and summing happen in SQL, per group; per-metric values come back as plain numbers
 * (pluck), partitioned by group in the same order as the counts, so no per-conversation object or
 * function call is needed in JavaScript. Long periods read a covering index led by the group column
 * (already in group order); short ones read the created_at-led index and let SQLite sort.
 */
function readGroupStatistics(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  since: number,
  until: number,
): GroupStatistics {
  const column = groupBy === 'admin' ? 'admin_assignee_id' : 'team_assignee_id';
  const groupIndex = indexHint(
    database,
    groupBy === 'admin' ? 'conversations_admin_performance' : 'conversations_team_performance',
  );
  const hint =
    groupIndex !== '' && periodShare(database, since, until) >= GROUP_INDEX_MIN_SHARE
      ? groupIndex
      : indexHint(database, 'conversations_period_stats');
  const from = `FROM conversations ${hint} WHERE created_at >= ? AND created_at < ?`;
  const rows = prepared(
    database,
    `SELECT ${column}, count(*), sum(state = 'closed'), coalesce(sum(count_reopens > 0), 0),
       count(rating_value), coalesce(sum(rating_value), 0), count(${FIRST_RESPONSE_SECONDS_SQL}),
       count(${CLOSE_SECONDS_SQL})
     ${from} GROUP BY ${column} ORDER BY ${column}`,
  )
    .raw(true)
    .all(since, until) as GroupStatisticsRow[];
  const values = (expression: string): Float64Array =>
    new Float64Array(
      prepared(database, `SELECT ${expression} ${from} AND (${expression}) IS NOT NULL ORDER BY ${column}`)
        .pluck(true)
        .all(since, until) as number[],
    );
  return { rows, firstResponses: values(FIRST_RESPONSE_SECONDS_SQL), closeTimes: values(CLOSE_SECONDS_SQL) };
}

/** Roughly which share of the conversations the period holds, assuming an even spread over time. */
function periodShare(database: FicDatabase, since: number, until: number): number {
  const range = prepared(
    database,
    `SELECT (SELECT min(created_at) FROM conversations), (SELECT max(created_at) FROM conversations)`,
  )
    .raw(true)
    .get() as [number | null, number | null];
  const [first, last] = range;
  if (first === null || last === null) return 0;
  const covered = Math.min(until, last + 1) - Math.max(since, first);
  return covered <= 0 ? 0 : covered / (last + 1 - first);
}

/** Sums of group rows: the totals over every conversation of the period. */
class MetricsSums {
  readonly #sums: GroupStatisticsRow = [null, 0, 0, 0, 0, 0, 0, 0];

  add(row: GroupStatisticsRow): void {
    for (let index = 1; index < row.length; index += 1) {
      (this.#sums[index] as number) += row[index] as number;
    }
  }

  row(): GroupStatisticsRow {
    return this.#sums;
  }
}

function performanceMetrics(
  row: GroupStatisticsRow,
  firstResponses: Float64Array,
  closeTimes: Float64Array,
): PerformanceMetrics {
  const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
  return {
    assigned,
    closed,
    firstResponse: {
      count: firstResponses.length,
      medianSeconds: medianOfSorted(firstResponses),
      p90Seconds: percentileOfSorted(firstResponses, 0.9),
    },
    timeToClose: { count: closeTimes.length, medianSeconds: medianOfSorted(closeTimes) },
    reopened,
    reopenRate: assigned === 0 ? null : Math.round((reopened / assigned) * 1e4) / 1e4,
    rating: { count: ratingCount, average: averageOfSum(ratingSum, ratingCount) },
  };
}

function resolveMembers(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  members: string[] | undefined,
): Set<string> | undefined {
  if (members === undefined || members === null) return undefined;
  if (!Array.isArray(members)) {
    throw new FicError('invalid_input', 'members must be a list of ids or names', {
      details: { field: 'members' },
    });
  }
  const ids = new Set<string>();
  for (const member of members) {
    const value = requireText(member, 'members');
    for (const id of groupBy === 'admin'
      ? resolveAdminIds(database, value)
      : resolveTeamIds(database, value)) {
      ids.add(id);
    }
  }
  return ids;
}

function groupNames(database: FicDatabase, groupBy: 'admin' | 'team'): Map<string, string | null> {
  const rows = all<{ id: string; name: string | null }>(
    database,
    groupBy === 'admin' ? 'SELECT id, name FROM admins' : 'SELECT id, name FROM teams',
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}
