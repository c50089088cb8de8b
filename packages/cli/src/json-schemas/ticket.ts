import { z } from 'zod';
import { personRefJson, ticketSummaryJson } from './ticket-summary.js';

/** What `fic ticket --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const ticketJson = ticketSummaryJson.extend({
  description: z.string().nullable(),
  snoozed_until: z.string().nullable(),
  shared: z.boolean().nullable(),
  contacts: z.array(personRefJson),
  admin_assignee: personRefJson.nullable(),
  team_assignee: z
    .strictObject({
      id: z.string(),
      name: z.string(),
    })
    .nullable(),
  attributes: z.record(z.string(), z.unknown()).describe("keyed by the workspace's own attribute names"),
  linked_objects: z.array(
    z.strictObject({
      type: z.string().optional(),
      id: z.string().optional(),
      category: z.string().nullable().optional(),
    }),
  ),
  messages: z.array(
    z.strictObject({
      id: z.string().optional(),
      position: z.number().optional(),
      part_type: z.string().optional(),
      author_type: z.string().optional(),
      author_id: z.string().optional(),
      author_name: z.string().optional(),
      created_at: z.string().optional(),
      created_at_unix: z.number().optional(),
      body: z.string().nullable().optional(),
      previous_state: z.string().nullable().optional(),
      state: z.string().nullable().optional(),
      attachments: z
        .array(
          z.strictObject({
            name: z.string().nullable(),
            url: z.string().nullable(),
            content_type: z.string().nullable(),
            size: z.number().nullable(),
          }),
        )
        .optional(),
    }),
  ),
  omitted: z.strictObject({ count: z.number(), from_position: z.number() }).nullable(),
  parts_total_count: z.number(),
  parts_stored: z.number(),
  truncated_by_intercom: z.boolean(),
});
