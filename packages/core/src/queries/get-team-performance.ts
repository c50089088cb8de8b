import { FicError } from '../errors.js';
import { insightFilterConditions } from './insight-filters.js';
import type { FicDatabase } from '../db/open-database.js';
import { resolveAdminIds, resolveTeamIds } from './conversation-filters.js';
import { assertNotEmpty } from './database-emptiness.js';
import { averageOfSum } from './descriptive-statistics.js';
import { readGroupStatistics } from './period-group-statistics.js';
import type { GroupCounts, TeamPerformanceRestriction } from './period-group-statistics.js';
import { readRollupGroupStatistics } from './rollup-group-statistics.js';
import { medianOfSorted, percentileOfSorted } from './sorted-lists-selection.js';
import { valueCount } from './value-list.js';
import type { ValueList } from './value-list.js';
import { all } from './statement-cache.js';
import { isoTime, requireText, resolvePeriod, resolveNow } from './query-input.js';
import type {
  GetTeamPerformanceInput,
  PerformanceGroup,
  PerformanceMetrics,
  TeamPerformanceResult,
} from './query-types.js';

export type { TeamPerformanceRestriction } from './period-group-statistics.js';

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
  const insights = insightFilterConditions(input);
  // The rollups hold no company or insight dimension: those filters read the rows (exact either way).
  const filtered = restriction.companyId !== undefined || insights.conditions.length > 0;
  const statistics =
    (filtered ? undefined : readRollupGroupStatistics(database, groupBy, since, until)) ??
    readGroupStatistics(database, groupBy, since, until, restriction, insights);
  for (const { row, firstResponses, closeTimes } of statistics) {
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

/** Sums of group rows: the totals over every conversation of the period (its lists, not copied). */
class MetricsSums {
  readonly #sums: GroupCounts = [null, 0, 0, 0, 0, 0];
  readonly #firstResponses: ValueList[] = [];
  readonly #closeTimes: ValueList[] = [];

  add(row: GroupCounts, firstResponses: ValueList[], closeTimes: ValueList[]): void {
    for (let index = 1; index < row.length; index += 1) {
      (this.#sums[index] as number) += row[index] as number;
    }
    this.#firstResponses.push(...firstResponses);
    this.#closeTimes.push(...closeTimes);
  }

  metrics(): PerformanceMetrics {
    return performanceMetrics(this.#sums, this.#firstResponses, this.#closeTimes);
  }
}

/**
 * Medians and p90 by selection across the sorted lists: at 100,000 conversations copying a year's
 * values into one array and selecting in it was most of the query (see sorted-lists-selection.ts).
 */
function performanceMetrics(
  row: GroupCounts,
  firstResponses: ValueList[],
  closeTimes: ValueList[],
): PerformanceMetrics {
  const [, assigned, closed, reopened, ratingCount, ratingSum] = row;
  const firstCount = totalLength(firstResponses);
  const closeCount = totalLength(closeTimes);
  return {
    assigned,
    closed,
    firstResponse: {
      count: firstCount,
      medianSeconds: medianOfSorted(firstResponses, firstCount),
      p90Seconds: percentileOfSorted(firstResponses, firstCount, 0.9),
    },
    timeToClose: { count: closeCount, medianSeconds: medianOfSorted(closeTimes, closeCount) },
    reopened,
    reopenRate: assigned === 0 ? null : Math.round((reopened / assigned) * 1e4) / 1e4,
    rating: { count: ratingCount, average: averageOfSum(ratingSum, ratingCount) },
  };
}

function totalLength(lists: readonly ValueList[]): number {
  let length = 0;
  for (const list of lists) length += valueCount(list);
  return length;
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
