import { z } from 'zod';

/** What `fic customer --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const customerJson = z.strictObject({
  profile: z.strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string().nullable(),
    phone: z.string().nullable(),
    external_id: z.string().nullable(),
    created_at: z.string(),
    signed_up_at: z.string().nullable(),
    last_seen_at: z.string(),
    country: z.string().nullable(),
    city: z.string().nullable(),
    complete: z.boolean(),
  }),
  other_contact_ids: z.array(z.string()),
  window: z.strictObject({
    since: z.string(),
    until: z.string(),
  }),
  conversations: z.array(
    z.strictObject({
      id: z.string().optional(),
      subject: z.string().optional(),
      state: z.string().optional(),
      created_at: z.string().optional(),
      updated_at: z.string().optional(),
      first_response_seconds: z.number().nullable().optional(),
      rating: z.number().nullable().optional(),
      tags: z.array(z.string()).optional(),
    }),
  ),
  conversation_count: z.number(),
  open_count: z.number(),
  all_time_conversation_count: z.number(),
  first_response: z.strictObject({
    count: z.number(),
    median_seconds: z.number(),
    average_seconds: z.number(),
  }),
  ratings: z.strictObject({
    count: z.number(),
    average: z.number().nullable(),
  }),
  tickets: z.array(
    z.strictObject({
      id: z.string().optional(),
      ticket_number: z.string().optional(),
      category: z.string().optional(),
      type: z
        .strictObject({
          id: z.string().optional(),
          name: z.string().optional(),
        })
        .optional(),
      state: z
        .strictObject({
          category: z.string().optional(),
          internal_label: z.string().optional(),
          external_label: z.string().optional(),
        })
        .optional(),
      title: z.string().optional(),
      open: z.boolean().optional(),
      customer: z
        .strictObject({
          id: z.string().optional(),
          name: z.string().optional(),
          email: z.string().optional(),
        })
        .optional(),
      created_at: z.string().optional(),
      created_at_unix: z.number().optional(),
      updated_at: z.string().optional(),
      updated_at_unix: z.number().optional(),
    }),
  ),
  recurring_topics: z.array(
    z.strictObject({
      topic: z.string().optional(),
      kind: z.string().optional(),
      conversations: z.number().optional(),
    }),
  ),
});
