import type { GroupCounts, GroupStatistics } from './period-group-statistics.js';

/**
 * Groups' statistics from several sources (rollup buckets, raw reads of edge or stale days) combined per
 * group key: counts summed, value lists gathered (not copied: each stays a sorted list of the union).
 */
export class GroupStatisticsMerge {
  readonly #groups = new Map<string | null, GroupStatistics>();

  add(statistics: GroupStatistics): void {
    const key = statistics.row[0];
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { row: [key, 0, 0, 0, 0, 0], firstResponses: [], closeTimes: [] };
      this.#groups.set(key, group);
    }
    addCounts(group.row, statistics.row);
    for (const list of statistics.firstResponses) if (list.values.length > 0) group.firstResponses.push(list);
    for (const list of statistics.closeTimes) if (list.values.length > 0) group.closeTimes.push(list);
  }

  /** In key order (null first), as readGroupStatistics returns them. */
  statistics(): GroupStatistics[] {
    return [...this.#groups.values()].sort((a, b) => compareKeys(a.row[0], b.row[0]));
  }
}

function addCounts(into: GroupCounts, row: GroupCounts): void {
  for (let index = 1; index < into.length; index += 1) (into[index] as number) += row[index] as number;
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
