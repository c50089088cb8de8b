import * as Flags from '@oclif/core/flags';
import type { TeamPerformanceResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { timeFlag } from '../time-flags.js';
import { insightFilterFlags, toInsightFilters } from '../conversation-filter-flags.js';

export default class Team extends BaseCommand {
  static override summary = 'Team performance: volume, first response, time to close, reopens and ratings.';
  static override description =
    'Over the conversations created in the period (default the last 30 days), grouped by their current admin or team assignee. First response counts customer-initiated conversations only; medians and p90 use whole seconds.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --by team --days 7',
    '<%= config.bin %> <%= command.id %> --fin handed_over --cx-score "<=2"',
    '<%= config.bin %> <%= command.id %> --member ada@example.com --member "Grace Hopper" --json',
  ];

  static override flags = {
    ...insightFilterFlags,
    by: Flags.option({
      options: ['admin', 'team'] as const,
      default: 'admin' as const,
      summary: 'Group by admin or team.',
    })(),
    days: Flags.integer({
      summary: 'The period: conversations created in the last N days (default 30).',
      min: 1,
      exclusive: ['since'],
    }),
    since: timeFlag('Period start: an ISO date or date-time, or a span back (7d, 2w).'),
    until: timeFlag('Period end (exclusive). Default now.'),
    member: Flags.string({
      summary: 'Only this admin or team (id, name or email); repeatable.',
      multiple: true,
    }),
  };

  public async run(): Promise<TeamPerformanceResult> {
    const { flags } = await this.parse(Team);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getTeamPerformance } = await import('@fastintercom/core/queries');
    const { renderTeamPerformance } = await import('../format/team-table.js');
    const result = getTeamPerformance(database, {
      groupBy: flags.by,
      since: flags.days === undefined ? flags.since : `${flags.days}d`,
      until: flags.until,
      ...toInsightFilters(flags),
      members: flags.member,
    });
    this.log(renderTeamPerformance(result));
    return result;
  }
}
