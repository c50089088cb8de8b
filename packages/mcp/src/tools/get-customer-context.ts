import { getCustomerContext } from '@fastintercom/core/queries';
import { z } from 'zod';
import { limit, since, until } from '../input-fields.js';
import { isoTime, truncated } from '../output-schemas.js';
import { ticketSummary } from '../ticket-output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z
  .strictObject({
    email: z.string().trim().min(1).optional().describe("The customer's email (case-insensitive)"),
    contact_id: z.string().trim().min(1).optional().describe('Or the Intercom contact id'),
    since: since.describe('Window start; default 30 days ago. ISO date/date-time or a span like 90d'),
    until,
    limit: limit(10, 50),
  })
  .refine((args) => (args.email === undefined) !== (args.contact_id === undefined), {
    message: 'give exactly one of email or contact_id',
  });

const nullableString = z.string().nullable();

const output = z.object({
  profile: z.object({
    id: z.string(),
    name: nullableString,
    email: nullableString,
    role: nullableString,
    phone: nullableString,
    external_id: nullableString,
    created_at: isoTime.nullable(),
    signed_up_at: isoTime.nullable(),
    last_seen_at: isoTime.nullable(),
    country: nullableString,
    city: nullableString,
    complete: z.boolean().describe('False when the contact is known only from its conversations'),
  }),
  other_contact_ids: z.array(z.string()).describe('Other contacts with the same email (included)'),
  window: z.object({ since: isoTime, until: isoTime }),
  conversations: z.array(
    z.object({
      id: z.string(),
      subject: nullableString,
      state: z.string(),
      created_at: isoTime,
      updated_at: isoTime,
      first_response_seconds: z.number().nullable(),
      rating: z.number().nullable(),
      tags: z.array(z.string()),
    }),
  ),
  conversation_count: z.number().describe('Conversations with activity in the window (all, not just listed)'),
  open_count: z.number(),
  all_time_conversation_count: z.number(),
  first_response: z.object({
    count: z.number(),
    median_seconds: z.number().nullable(),
    average_seconds: z.number().nullable(),
  }),
  ratings: z.object({ count: z.number(), average: z.number().nullable() }),
  recurring_topics: z.array(
    z.object({ topic: z.string(), kind: z.enum(['tag', 'keyword']), conversations: z.number() }),
  ),
  tickets: z
    .array(ticketSummary)
    .describe("The customer's tickets, most recently updated first (any time; get_ticket reads one)"),
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type GetCustomerContextOutput = z.output<typeof output>;

export function registerGetCustomerContextTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_customer_context',
    title: 'Get customer context',
    description:
      'Everything about one customer before you reply to them: profile, their recent conversations (newest ' +
      'first, default the last 30 days), open count, first-response times, ratings and recurring topics. Name ' +
      'the customer by email or contact_id (one of them). Their tickets are listed too.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = getCustomerContext(database, {
        email: args.email,
        contactId: args.contact_id,
        since: args.since,
        until: args.until,
        limit: args.limit ?? 10,
        now: context.nowSeconds(),
      });
      return {
        structured: {
          ...toSnakeCase(result),
          truncated: result.conversations.length < result.conversationCount,
        },
      };
    },
  });
}
