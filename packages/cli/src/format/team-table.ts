import type { PerformanceMetrics, TeamPerformanceResult } from '@fastintercom/core';
import { renderTable } from './table.js';
import type { Column } from './table.js';
import { formatDuration, formatPercent, formatTimestamp, plural } from './units.js';

type Row = PerformanceMetrics & { name: string };

const metricColumns: Column<Row>[] = [
  { header: 'assigned', value: (row) => row.assigned, align: 'right' },
  { header: 'closed', value: (row) => row.closed, align: 'right' },
  {
    header: 'reply p50',
    value: (row) => formatDuration(row.firstResponse.medianSeconds),
    align: 'right',
  },
  { header: 'p90', value: (row) => formatDuration(row.firstResponse.p90Seconds), align: 'right' },
  { header: 'close p50', value: (row) => formatDuration(row.timeToClose.medianSeconds), align: 'right' },
  { header: 'reopen', value: (row) => formatPercent(row.reopenRate), align: 'right' },
  {
    header: 'rating',
    value: (row) => (row.rating.average === null ? '-' : `${row.rating.average} (${row.rating.count})`),
    align: 'right',
  },
];

export function renderTeamPerformance(result: TeamPerformanceResult): string {
  const rows: Row[] = [
    ...result.groups.map((group) => ({ ...group, name: group.name ?? group.id })),
    { ...result.totals, name: 'TOTAL' },
  ];
  const title =
    `Conversations created ${formatTimestamp(result.period.since)} to ${formatTimestamp(result.period.until)}, ` +
    `by ${result.groupBy};\n${plural(result.unassigned, 'conversation')} without a${result.groupBy === 'admin' ? 'n admin' : ' team'}.`;
  const table = renderTable(rows, [
    { header: result.groupBy, value: (row) => row.name, flexible: true },
    ...metricColumns,
  ]);
  return `${title}\n\n${table}`;
}
