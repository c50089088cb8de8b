import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { resolveAdminIds, resolveTeamIds } from './conversation-filters.js';
import { CONVERSATION_METRICS_COLUMNS, conversationMetrics } from './conversation-metrics.js';
import type { ConversationMetrics, ConversationMetricsRow } from './conversation-metrics.js';
import { assertNotEmpty } from './database-emptiness.js';
import { average, median, percentile } from './descriptive-statistics.js';
import { all, indexHint } from './statement-cache.js';
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

  const rows = all<ConversationMetricsRow>(
    database,
    // The covering index answers this without reading the wide conversation rows.
    `SELECT ${CONVERSATION_METRICS_COLUMNS} FROM conversations c ${indexHint(database, 'conversations_period_stats')}
      WHERE c.created_at >= ? AND c.created_at < ?`,
    [since, until],
  );
  const totals = new MetricsAccumulator();
  const byGroup = new Map<string, MetricsAccumulator>();
  let unassigned = 0;
  for (const row of rows) {
    const metrics = conversationMetrics(row);
    totals.add(row, metrics);
    const key = groupBy === 'admin' ? row.admin_assignee_id : row.team_assignee_id;
    if (key === null) {
      unassigned += 1;
      continue;
    }
    if (members !== undefined && !members.has(key)) continue;
    let group = byGroup.get(key);
    if (group === undefined) {
      group = new MetricsAccumulator();
      byGroup.set(key, group);
    }
    group.add(row, metrics);
  }

  const names = groupNames(database, groupBy);
  const groups: PerformanceGroup[] = [...byGroup.entries()]
    .map(([id, group]) => ({ id, name: names.get(id) ?? null, ...group.result() }))
    .sort((a, b) => b.assigned - a.assigned || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    groupBy,
    period: { since: isoTime(since), until: isoTime(until), sinceUnix: since, untilUnix: until },
    groups,
    totals: totals.result(),
    unassigned,
  };
}

/** Collects one group's conversations in a single pass. */
class MetricsAccumulator {
  #assigned = 0;
  #closed = 0;
  #reopened = 0;
  readonly #firstResponses: number[] = [];
  readonly #closeTimes: number[] = [];
  readonly #ratings: number[] = [];

  add(row: ConversationMetricsRow, metrics: ConversationMetrics): void {
    this.#assigned += 1;
    if (row.state === 'closed') this.#closed += 1;
    if (metrics.reopens > 0) this.#reopened += 1;
    if (metrics.firstResponseSeconds !== null) this.#firstResponses.push(metrics.firstResponseSeconds);
    if (metrics.closeSeconds !== null) this.#closeTimes.push(metrics.closeSeconds);
    if (row.rating_value !== null) this.#ratings.push(row.rating_value);
  }

  result(): PerformanceMetrics {
    return {
      assigned: this.#assigned,
      closed: this.#closed,
      firstResponse: {
        count: this.#firstResponses.length,
        medianSeconds: median(this.#firstResponses),
        p90Seconds: percentile(this.#firstResponses, 0.9),
      },
      timeToClose: { count: this.#closeTimes.length, medianSeconds: median(this.#closeTimes) },
      reopened: this.#reopened,
      reopenRate: this.#assigned === 0 ? null : Math.round((this.#reopened / this.#assigned) * 1e4) / 1e4,
      rating: { count: this.#ratings.length, average: average(this.#ratings) },
    };
  }
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
