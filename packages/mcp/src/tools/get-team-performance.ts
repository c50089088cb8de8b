import { getTeamPerformance } from '@fastintercom/core/queries';
import { z } from 'zod';
import { insightFilters, limit, since, toInsightFilters, until } from '../input-fields.js';
import { isoTime, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({
  group_by: z.enum(['admin', 'team']).optional().describe("Per teammate ('admin', default) or per team"),
  since: since.describe(
    'Period start (by creation); default 30 days ago. ISO date/date-time or a span like 7d',
  ),
  until,
  members: z
    .array(z.string().trim().min(1))
    .min(1)
    .max(50)
    .optional()
    .describe('Only these teammates or teams (ids, names or emails); default everyone with conversations'),
  limit: limit(25, 100),
  ...insightFilters,
});

const seconds = z.number().nullable();

const metrics = {
  assigned: z.number(),
  closed: z.number(),
  first_response: z.object({ count: z.number(), median_seconds: seconds, p90_seconds: seconds }),
  time_to_close: z.object({ count: z.number(), median_seconds: seconds }),
  reopened: z.number(),
  reopen_rate: z.number().nullable(),
  rating: z.object({ count: z.number(), average: z.number().nullable() }),
};

export const teamPerformanceOutput = z.object({
  group_by: z.enum(['admin', 'team']),
  period: z.object({ since: isoTime, until: isoTime, since_unix: z.number(), until_unix: z.number() }),
  groups: z
    .array(z.object({ id: z.string(), name: z.string().nullable(), ...metrics }))
    .describe('Most assigned first'),
  group_count: z.number().describe('Groups in the period (groups lists at most limit)'),
  totals: z.object(metrics).describe('Every conversation created in the period'),
  unassigned: z.number(),
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type GetTeamPerformanceOutput = z.output<typeof teamPerformanceOutput>;

export function registerGetTeamPerformanceTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_team_performance',
    title: 'Team performance',
    description:
      'Support metrics for conversations created in a period (default the last 30 days), per teammate or per ' +
      'team: conversations assigned and closed, first response time (median, p90), time to close, reopen ' +
      'rate and ratings, with totals. Use it for workload, response-time or CSAT questions.',
    input,
    output: teamPerformanceOutput,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = getTeamPerformance(database, {
        groupBy: args.group_by,
        since: args.since,
        until: args.until,
        members: args.members,
        ...toInsightFilters(args),
        now: context.nowSeconds(),
      });
      const shown = args.limit ?? 25;
      return {
        structured: {
          ...toSnakeCase({ ...result, groups: result.groups.slice(0, shown) }),
          group_count: result.groups.length,
          truncated: result.groups.length > shown,
        },
      };
    },
  });
}
