import { getCompanyContext } from '@fastintercom/core/queries';
import { z } from 'zod';
import { ANSWER_BOUNDS } from '../conversation-answer-bounds.js';
import { limit, since, until } from '../input-fields.js';
import { isoTime, personRef, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import { ticketSummary } from '../ticket-output-schemas.js';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';
import { teamPerformanceOutput } from './get-team-performance.js';

const input = z.strictObject({
  company: z
    .string()
    .trim()
    .min(1)
    .describe("The company's name (case-insensitive), Intercom id, or your company_id"),
  since: since.describe('Team metrics from (default 30 days ago): ISO date/date-time or a span like 90d'),
  until,
  limit: limit(10, 50).describe('Contacts, conversations and tickets listed, each; default 10, at most 50'),
});

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

const output = z.object({
  company: z.object({
    id: z.string(),
    company_id: nullableString,
    name: nullableString,
    plan: nullableString,
    size: nullableNumber,
    website: nullableString,
    industry: nullableString,
    monthly_spend: nullableNumber,
    session_count: nullableNumber,
    user_count: nullableNumber,
    created_at: isoTime.nullable(),
    last_request_at: isoTime.nullable(),
    custom_attributes: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
  }),
  contacts: z.array(personRef),
  contact_count: z.number(),
  recent_conversations: z.array(
    z.object({
      id: z.string(),
      title: nullableString,
      state: z.string(),
      customer: personRef.nullable(),
      updated_at: isoTime,
    }),
  ),
  recent_tickets: z.array(ticketSummary),
  team_performance: teamPerformanceOutput
    .omit({ group_count: true, truncated: true })
    .describe("get_team_performance's metrics over this company's conversations (created in the period)"),
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type GetCompanyContextOutput = z.output<typeof output>;

export function registerGetCompanyContextTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_company_context',
    title: 'Get company context',
    description:
      'Everything about one company (account): profile, plan, custom attributes, tags, its contacts, their ' +
      'most recent conversations and tickets, and the team metrics (response and close times, ratings) over ' +
      'its conversations. Name it by name, Intercom id or your company_id.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = getCompanyContext(database, {
        company: args.company,
        since: args.since,
        until: args.until,
        limit: args.limit ?? 10,
        now: context.nowSeconds(),
      });
      let cut = false;
      const attributes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(result.company.customAttributes)) {
        const long = typeof value === 'string' && value.length > ANSWER_BOUNDS.textChars;
        cut ||= long;
        attributes[key] = long ? `${value.slice(0, ANSWER_BOUNDS.textChars)}…` : value;
      }
      const groups = result.teamPerformance.groups.slice(0, 25);
      return {
        structured: {
          ...toSnakeCase({
            ...result,
            company: { ...result.company, customAttributes: {} },
            teamPerformance: { ...result.teamPerformance, groups },
          }),
          // Attribute names are the workspace's own: kept as they are, not snake-cased.
          company: {
            ...toSnakeCase({ ...result.company, customAttributes: {} }),
            custom_attributes: attributes,
          },
          truncated:
            cut ||
            result.contactCount > result.contacts.length ||
            groups.length < result.teamPerformance.groups.length,
        },
      };
    },
  });
}
