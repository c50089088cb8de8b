import { z } from 'zod';

/** What `fic company --json` prints on success (docs/json.md; checked by test/json-contract.test.ts). */
export const companyJson = z.strictObject({
  company: z.strictObject({
    id: z.string(),
    company_id: z.string(),
    name: z.string(),
    plan: z.string().nullable(),
    size: z.number().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    monthly_spend: z.number(),
    session_count: z.number(),
    user_count: z.number(),
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
  recent_tickets: z.array(
    z.strictObject({
      id: z.string(),
      ticket_number: z.string(),
      category: z.string(),
      type: z.strictObject({
        id: z.string(),
        name: z.string(),
      }),
      state: z.strictObject({
        category: z.string(),
        internal_label: z.string(),
        external_label: z.string(),
      }),
      title: z.string(),
      open: z.boolean(),
      customer: z.strictObject({
        id: z.string(),
        name: z.string(),
        email: z.string(),
      }),
      created_at: z.string(),
      created_at_unix: z.number(),
      updated_at: z.string(),
      updated_at_unix: z.number(),
    }),
  ),
  team_performance: z.strictObject({
    group_by: z.string(),
    period: z.strictObject({
      since: z.string(),
      until: z.string(),
      since_unix: z.number(),
      until_unix: z.number(),
    }),
    groups: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        assigned: z.number(),
        closed: z.number(),
        first_response: z.strictObject({
          count: z.number(),
          median_seconds: z.number(),
          p90_seconds: z.number(),
        }),
        time_to_close: z.strictObject({
          count: z.number(),
          median_seconds: z.number(),
        }),
        reopened: z.number(),
        reopen_rate: z.number(),
        rating: z.strictObject({
          count: z.number(),
          average: z.number().nullable(),
        }),
      }),
    ),
    totals: z.strictObject({
      assigned: z.number(),
      closed: z.number(),
      first_response: z.strictObject({
        count: z.number(),
        median_seconds: z.number().nullable(),
        p90_seconds: z.number().nullable(),
      }),
      time_to_close: z.strictObject({
        count: z.number(),
        median_seconds: z.number().nullable(),
      }),
      reopened: z.number(),
      reopen_rate: z.number().nullable(),
      rating: z.strictObject({
        count: z.number(),
        average: z.number().nullable(),
      }),
    }),
    unassigned: z.number(),
  }),
});
