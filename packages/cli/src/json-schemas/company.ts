import { z } from 'zod';
import { teamJson } from './team.js';
import { ticketSummaryJson } from './ticket-summary.js';

/** What `fic company --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const companyJson = z.strictObject({
  company: z.strictObject({
    id: z.string(),
    company_id: z.string(),
    name: z.string(),
    plan: z.string().nullable(),
    size: z.number().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    monthly_spend: z.number().nullable(),
    session_count: z.number().nullable(),
    user_count: z.number().nullable(),
    created_at: z.string(),
    last_request_at: z.string().nullable(),
    custom_attributes: z
      .record(z.string(), z.unknown())
      .describe("keyed by the workspace's own attribute names"),
    tags: z.array(z.string()),
  }),
  contacts: z.array(
    z.strictObject({
      id: z.string().optional(),
      name: z.string().nullable().optional(),
      email: z.string().optional(),
    }),
  ),
  contact_count: z.number(),
  recent_conversations: z.array(
    z.strictObject({
      id: z.string().optional(),
      title: z.string().optional(),
      state: z.string().optional(),
      customer: z
        .strictObject({
          id: z.string().optional(),
          name: z.string().nullable().optional(),
          email: z.string().optional(),
        })
        .optional(),
      updated_at: z.string().optional(),
    }),
  ),
  recent_tickets: z.array(ticketSummaryJson),
  team_performance: teamJson,
});
