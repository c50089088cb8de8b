import { FicError } from '../errors.js';
import { insightFilterConditions } from './insight-filters.js';
import type { FicDatabase } from '../db/open-database.js';
import { resolveAdminIds, resolveTeamIds } from './conversation-filters.js';
import { CLOSE_SECONDS_SQL, FIRST_RESPONSE_SECONDS_SQL } from './conversation-metrics.js';
import { assertNotEmpty } from './database-emptiness.js';
import { averageOfSum, medianInPlace, percentileInPlace } from './descriptive-statistics.js';
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
  restriction: TeamPerformanceRestriction = {},
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
  const totals = new MetricsSums();
  const groups: PerformanceGroup[] = [];
  let unassigned = 0;
  for (const { row, firstResponses, closeTimes } of readGroupStatistics(
    database,
    groupBy,
    since,
    until,
    restriction,
    insightFilterConditions(input),
  )) {
    totals.add(row, firstResponses, closeTimes);
    const key = row[0];
    if (key === null) {
      unassigned += row[1];
      continue;
    }
    if (members !== undefined && !members.has(key)) continue;
    groups.push({
      id: key,
      name: names.get(key) ?? null,
      ...performanceMetrics(row, firstResponses, closeTimes),
    });
  }
  groups.sort((a, b) => b.assigned - a.assigned || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    groupBy,
    period: { since: isoTime(since), until: isoTime(until), sinceUnix: since, untilUnix: until },
    groups,
    totals: totals.metrics(),
    unassigned,
  };
}

/** Conversations the metrics are restricted to, beyond the period. */
export interface TeamPerformanceRestriction {
  /** Only conversations whose customer belongs to this company (Intercom's company id). */
  companyId?: string;
}

/** One group's counts, in SQL column order: key, assigned, closed, reopened, rating count, rating sum. */
type GroupCounts = [string | null, number, number, number, number, number];

interface GroupStatistics {
  row: GroupCounts;
  /** The group's first responses and times to close, in seconds (unsorted). */
  firstResponses: Float64Array;
  closeTimes: Float64Array;
}

/** From this share of the database's time span on, the group-led index beats a sort of the period. */
const GROUP_INDEX_MIN_SHARE = 0.2;

/**
 * One scan of the period, grouped in SQL: counts and sums per group, and each group's first-response
 * and time-to-close seconds as one comma-separated list (group_concat), parsed as a JSON array. Measured
 * on 44,310 conversations over a year, this is about twice as fast as fetching the values row by row
 * (no per-value call across the native boundary). Long periods read a covering index led by the group
 * column; short ones read the created_at-led index and let SQLite sort.
 */
function readGroupStatistics(
  database: FicDatabase,
  groupBy: 'admin' | 'team',
  since: number,
  until: number,
  restriction: TeamPerformanceRestriction = {},
  insights: { conditions: string[]; params: unknown[] } = { conditions: [], params: [] },
): GroupStatistics[] {
  const column = groupBy === 'admin' ? 'admin_assignee_id' : 'team_assignee_id';
  const groupIndex = indexHint(
    database,
    groupBy === 'admin' ? 'conversations_admin_performance' : 'conversations_team_performance',
  );
  const company = restriction.companyId;
  // A company's conversations are few, and the insight filters read their own partial indexes:
  // SQLite's own plan beats either hinted index then.
  const hint =
    company !== undefined || insights.conditions.length > 0
      ? ''
      : groupIndex !== '' && periodShare(database, since, until) >= GROUP_INDEX_MIN_SHARE
        ? groupIndex
        : indexHint(database, 'conversations_period_stats');
  const companyClause =
    company === undefined
      ? ''
      : 'AND contact_id IN (SELECT contact_id FROM contact_companies WHERE company_id = ?)';
  const insightClause = insights.conditions.map((condition) => `AND ${condition}`).join(' ');
  const rows = prepared(
    database,
    `SELECT ${column}, count(*), sum(state = 'closed'), coalesce(sum(count_reopens > 0), 0),
       count(rating_value), coalesce(sum(rating_value), 0),
       group_concat(${FIRST_RESPONSE_SECONDS_SQL}), group_concat(${CLOSE_SECONDS_SQL})
     FROM conversations AS c ${hint} WHERE created_at >= ? AND created_at < ? ${companyClause} ${insightClause}
     GROUP BY ${column} ORDER BY ${column}`,
  )
    .raw(true)
    .all(...(company === undefined ? [since, until] : [since, until, company]), ...insights.params) as [
    ...GroupCounts,
    string | null,
    string | null,
  ][];
  return rows.map((row) => ({
    row: row.slice(0, 6) as GroupCounts,
    firstResponses: numberList(row[6]),
    closeTimes: numberList(row[7]),
  }));
}

/** A group_concat of numbers (SQLite writes integers and reals as JSON-compatible text). */
function numberList(concatenated: string | null): Float64Array {
  if (concatenated === null) return new Float64Array(0);
  return new Float64Array(JSON.parse(`[${concatenated}]`) as number[]);
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
  readonly #sums: GroupCounts = [null, 0, 0, 0, 0, 0];
  readonly #firstResponses: Float64Array[] = [];
  readonly #closeTimes: Float64Array[] = [];

  add(row: GroupCounts, firstResponses: Float64Array, closeTimes: Float64Array): void {
    for (let index = 1; index < row.length; index += 1) {
      (this.#sums[index] as number) += row[index] as number;
    }
    this.#firstResponses.push(firstResponses);
    this.#closeTimes.push(closeTimes);
  }

  metrics(): PerformanceMetrics {
    return performanceMetrics(this.#sums, joined(this.#firstResponses), joined(this.#closeTimes));
  }
}

function joined(lists: Float64Array[]): Float64Array {
  const all = new Float64Array(lists.reduce((length, list) => length + list.length, 0));
  let offset = 0;
  for (const list of lists) {
    all.set(list, offset);
    offset += list.length;
  }
  return all;
}

function performanceMetrics(
  row: GroupCounts,
  firstResponses: Float64Array,
  closeTimes: Float64Array,
): PerformanceMetrics {
  const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
  return {
    assigned,
    closed,
    firstResponse: {
      count: firstResponses.length,
      medianSeconds: medianInPlace(firstResponses),
      p90Seconds: percentileInPlace(firstResponses, 0.9),
    },
    timeToClose: { count: closeTimes.length, medianSeconds: medianInPlace(closeTimes) },
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
