import { z } from 'zod';
import { AI_AGENT_FILTERS, SLA_STATUSES } from '@fastintercom/core/queries';
import { parseIntercomReference, parseTicketReference } from './intercom-reference.js';
import type { AiAgentFilter, ConversationFilters, SlaStatus } from '@fastintercom/core';

/**
 * Argument schemas the tools share. Objects are strict: a misspelt argument (`customerEmail` for
 * `customer_email`) is an error the model can fix, not a filter silently dropped.
 */

export const conversationId = z
  .union([z.string().trim().min(1), z.number().int().nonnegative()])
  .transform((value) => parseIntercomReference(String(value)))
  .describe(
    "Intercom conversation id as Intercom shows it: '215469457', '#215469457', or its Inbox URL (https://app.intercom.com/a/inbox/<app>/inbox/conversation/<id>, .../a/apps/<app>/conversations/<id>; EU and AU hosts too)",
  );

export const ticketId = z
  .union([z.string().trim().min(1), z.number().int().nonnegative()])
  .transform((value) => parseTicketReference(String(value)))
  .describe("Intercom ticket id, the Inbox number ('#40'), or the ticket's Inbox URL");

const dateText =
  "an ISO date or date-time ('2026-01-31', '2026-01-31T12:00:00Z') or a span back from now ('90m', '24h', '7d', '2w')";

export const since = z.string().trim().min(1).optional().describe(`From (inclusive): ${dateText}`);
export const until = z.string().trim().min(1).optional().describe(`Until (exclusive): ${dateText}`);

export function limit(defaultLimit: number, max: number): z.ZodOptional<z.ZodNumber> {
  return z
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .describe(`How many to return; default ${defaultLimit}, at most ${max}`);
}

export const cursor = z
  .string()
  .min(1)
  .optional()
  .describe('next_cursor from the previous page (same query and filters) to get the next page');

/** Filters of search_conversations and get_recent_conversations. */
/** Filters on what Intercom's AI and workflows put on a conversation (search, recent, team performance). */
export const insightFilters = {
  attributes: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200).describe("The custom attribute's name, as Intercom shows it"),
        op: z.enum(['=', '!=', '<', '<=', '>', '>=', '~']).describe('~ means contains (case-insensitive)'),
        value: z.union([z.string().min(1).max(1000), z.number(), z.boolean()]),
      }),
    )
    .max(10)
    .optional()
    .describe(
      'Only conversations whose custom attributes compare so (all must hold; a missing attribute never matches). Numbers compare numerically, text case-insensitively',
    ),
  cx_score: z
    .string()
    .trim()
    .regex(/^(<=|>=|!=|=|<|>)?\s*\d+(\.\d+)?$/)
    .optional()
    .describe("Only conversations with this CX Score (Intercom's 1-5 AI rating): '2', '<=2', '>=4'"),
  ai_agent: z
    .enum(AI_AGENT_FILTERS as [AiAgentFilter, ...AiAgentFilter[]])
    .optional()
    .describe(
      "Fin (Intercom's AI agent): 'participated', 'not_participated', 'resolved' (assumed or confirmed), 'handed_over' (escalated or procedure handoff), or one of Intercom's resolution states",
    ),
  sla_status: z
    .enum(SLA_STATUSES as [SlaStatus, ...SlaStatus[]])
    .optional()
    .describe('Only conversations whose SLA ended so'),
};

export const conversationFilters = {
  state: z.enum(['open', 'closed', 'snoozed']).optional().describe('Only conversations in this state'),
  since,
  until,
  date_field: z
    .enum(['updated', 'created'])
    .optional()
    .describe("Which time since/until filter on: 'updated' (last activity, default) or 'created'"),
  customer_email: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Only conversations with a contact of this email (case-insensitive)'),
  admin_assignee: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Only conversations assigned to this teammate (id, email or name)'),
  team_assignee: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Only conversations assigned to this team (id or name)'),
  tag: z.string().trim().min(1).optional().describe('Only conversations with this tag (id or name)'),
  ...insightFilters,
};

export type ConversationFilterArgs = z.output<z.ZodObject<typeof conversationFilters>>;

export function toConversationFilters(args: ConversationFilterArgs, now: number): ConversationFilters {
  return {
    state: args.state,
    since: args.since,
    until: args.until,
    dateField: args.date_field,
    customerEmail: args.customer_email,
    adminAssignee: args.admin_assignee,
    teamAssignee: args.team_assignee,
    tag: args.tag,
    ...toInsightFilters(args),
    now,
  };
}

export type InsightFilterArgs = z.output<z.ZodObject<typeof insightFilters>>;

export function toInsightFilters(
  args: InsightFilterArgs,
): Pick<ConversationFilters, 'attributes' | 'cxScore' | 'aiAgent' | 'slaStatus'> {
  return {
    attributes: args.attributes,
    cxScore: args.cx_score,
    aiAgent: args.ai_agent,
    slaStatus: args.sla_status,
  };
}
