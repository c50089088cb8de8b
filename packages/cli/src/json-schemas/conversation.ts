import { z } from 'zod';

/** What `fic conversation --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const conversationJson = z.strictObject({
  id: z.string(),
  title: z.string().nullable(),
  subject: z.string().nullable(),
  state: z.string(),
  open: z.boolean(),
  read: z.boolean(),
  priority: z.string().nullable(),
  created_at: z.string(),
  created_at_unix: z.number(),
  updated_at: z.string(),
  updated_at_unix: z.number(),
  waiting_since: z.string().nullable(),
  snoozed_until: z.string().nullable(),
  source_type: z.string().nullable(),
  source_delivered_as: z.string().nullable(),
  source_url: z.string().nullable(),
  customer: z
    .strictObject({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
  contacts: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
  ),
  admin_assignee: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      email: z.string(),
    })
    .nullable(),
  team_assignee: z
    .strictObject({
      id: z.string(),
      name: z.string(),
    })
    .nullable(),
  tags: z.array(
    z.strictObject({
      id: z.string().optional(),
      name: z.string().optional(),
    }),
  ),
  rating: z
    .strictObject({
      value: z.number(),
      remark: z.string().nullable(),
      created_at: z.string(),
      teammate: z
        .strictObject({
          id: z.string(),
          name: z.string().nullable(),
          email: z.string().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  messages: z.array(
    z.strictObject({
      id: z.string().nullable().optional(),
      position: z.number().optional(),
      part_type: z.string().optional(),
      author_type: z.string().optional(),
      author_id: z.string().optional(),
      author_name: z.string().nullable().optional(),
      created_at: z.string().optional(),
      created_at_unix: z.number().optional(),
      body: z.string().nullable().optional(),
      assigned_to: z
        .strictObject({
          type: z.string().optional(),
          id: z.string().optional(),
          name: z.string().optional(),
        })
        .nullable()
        .optional(),
      attachments: z
        .array(
          z.strictObject({
            name: z.string(),
            url: z.string().nullable(),
            content_type: z.string().nullable(),
            filesize: z.number().nullable(),
          }),
        )
        .optional(),
    }),
  ),
  omitted: z
    .strictObject({ count: z.number(), from_position: z.number(), to_position: z.number().optional() })
    .nullable(),
  parts_total_count: z.number(),
  parts_stored: z.number(),
  truncated_by_intercom: z.boolean(),
  insights: z.strictObject({
    cx_score: z
      .strictObject({
        rating: z.number(),
        explanation: z.string(),
      })
      .nullable(),
    topics: z
      .array(
        z.strictObject({
          type: z.string(),
          topic_name: z.string(),
          subtopics: z.array(
            z.strictObject({
              type: z.string(),
              name: z.string(),
              id: z.number(),
            }),
          ),
        }),
      )
      .nullable(),
    custom_attributes: z
      .record(z.string(), z.unknown())
      .describe("keyed by the workspace's own attribute names"),
    custom_attributes_omitted: z.number(),
    ai_agent: z.strictObject({
      participated: z.boolean(),
      resolution_state: z.string().nullable(),
      rating: z.number().nullable(),
      rating_remark: z.string().nullable(),
      source_type: z.string().nullable(),
      source_title: z.string().nullable(),
      last_answer_type: z.string().nullable(),
      content_sources: z.array(
        z.strictObject({
          content_type: z.string().optional(),
          url: z.string().optional(),
          title: z.string().optional(),
          locale: z.string().optional(),
        }),
      ),
    }),
    sla: z
      .strictObject({
        name: z.string(),
        status: z.string(),
      })
      .nullable(),
    channel: z
      .strictObject({
        initial: z.string(),
        current: z.string(),
      })
      .nullable(),
    company_id: z.string().nullable(),
    linked_objects: z.array(
      z.strictObject({
        type: z.string(),
        id: z.string(),
        category: z.string(),
      }),
    ),
    teammates: z.array(
      z.strictObject({
        id: z.string().optional(),
        name: z.string().optional(),
      }),
    ),
  }),
});
