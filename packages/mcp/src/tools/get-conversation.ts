import { getConversation } from '@fastintercom/core/queries';
import { z } from 'zod';
import { intercomUrl } from '../conversation-list-fields.js';
import { ANSWER_BOUNDS, boundConversation } from '../conversation-answer-bounds.js';
import { conversationUri, transcriptLink } from '../conversation-uri.js';
import { conversationId } from '../input-fields.js';
import { isoTime, personRef, rating, tagRef, teamRef, transcriptUri, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';
import { decodeThreadCursor, encodeThreadCursor } from '../thread-cursor.js';

const input = z.strictObject({
  conversation_id: conversationId,
  include_notes: z.boolean().optional().describe('Include internal notes (default true)'),
  max_parts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Most thread parts to return (default 30, at most 100); over it the middle is left out. An answer also ' +
        `stops at ${ANSWER_BOUNDS.messageBytes / 1024} KB of messages`,
    ),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('next_cursor from a previous answer: reads the parts it left out, oldest first'),
});

const nullableString = z.string().nullable();

const message = z.object({
  id: nullableString.describe('Part id; null for the opening message'),
  position: z.number().describe('-1 for the opening message, then 0.. oldest first'),
  part_type: z.string().describe("'source' (opening message), comment, note, assignment, close, ..."),
  author_type: nullableString,
  author_id: nullableString,
  author_name: nullableString,
  created_at: isoTime,
  created_at_unix: z.number(),
  body: nullableString,
  assigned_to: z.object({ type: nullableString, id: nullableString, name: nullableString }).nullable(),
  attachments: z
    .array(
      z.object({
        name: nullableString,
        url: nullableString,
        content_type: nullableString,
        filesize: z.number().nullable(),
      }),
    )
    .optional()
    .describe('Files attached to the message'),
});

const insights = z
  .object({
    cx_score: z
      .object({ rating: z.number().nullable(), explanation: nullableString })
      .nullable()
      .describe("Intercom's AI CX Score (1-5) and its explanation"),
    topics: z.unknown().describe("Intercom's AI Topics attribute, as sent"),
    custom_attributes: z
      .record(z.string(), z.unknown())
      .describe('Custom attributes as Intercom names them (at most 40; long values cut)'),
    custom_attributes_omitted: z.number(),
    ai_agent: z
      .object({
        participated: z.boolean(),
        resolution_state: nullableString,
        rating: z.number().nullable(),
        rating_remark: nullableString,
        source_type: nullableString,
        source_title: nullableString,
        last_answer_type: nullableString,
        content_sources: z.array(z.unknown()),
      })
      .nullable()
      .describe('Fin, the AI agent, when it took part: resolved or handed over, its rating'),
    sla: z.object({ name: nullableString, status: nullableString }).nullable(),
    channel: z.object({ initial: nullableString, current: nullableString }).nullable(),
    company_id: nullableString,
    linked_objects: z.array(z.object({ type: z.string(), id: z.string(), category: nullableString })),
    teammates: z.array(z.object({ id: z.string(), name: nullableString })),
  })
  .describe('Custom attributes, AI insights, Fin, SLA, channel, company, linked tickets, teammates');

const output = z.object({
  id: z.string(),
  title: nullableString,
  subject: nullableString,
  state: z.string(),
  open: z.boolean(),
  read: z.boolean(),
  priority: nullableString,
  created_at: isoTime,
  created_at_unix: z.number(),
  updated_at: isoTime,
  updated_at_unix: z.number(),
  waiting_since: isoTime.nullable(),
  snoozed_until: isoTime.nullable(),
  source_type: nullableString,
  source_delivered_as: nullableString,
  source_url: nullableString,
  customer: personRef.nullable(),
  contacts: z.array(personRef),
  admin_assignee: personRef.nullable(),
  team_assignee: teamRef.nullable(),
  tags: z.array(tagRef),
  rating: rating.nullable(),
  messages: z.array(message),
  omitted: z
    .object({ count: z.number(), from_position: z.number(), to_position: z.number() })
    .nullable()
    .describe(
      'Parts left out (of the middle of the thread, or after a page read with cursor) for max_parts or size; ' +
        'null when none. next_cursor reads them',
    ),
  next_cursor: z
    .string()
    .nullable()
    .describe(
      'Pass as cursor (same conversation_id) to read the parts left out, oldest first; null when none',
    ),
  parts_total_count: z.number(),
  parts_stored: z.number(),
  truncated_by_intercom: z
    .boolean()
    .describe("True when Intercom's 500-part cap hid the oldest parts of a very long thread"),
  insights,
  truncated,
  transcript_uri: transcriptUri,
  intercom_url: intercomUrl,
});

/** The structured answer of the tool, as clients receive it. */
export type GetConversationOutput = z.output<typeof output>;

export function registerGetConversationTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_conversation',
    title: 'Get conversation',
    description:
      'One conversation with its thread: customer, assignees, tags, rating, and the messages oldest first ' +
      '(opening message, replies, notes, assignments). Long threads keep their start and end (omitted says what ' +
      'was left out; pass next_cursor as cursor to read it in order); long bodies are cut. For the whole thread ' +
      'read the linked resource intercom://conversation/{id}; for a digest use get_conversation_summary.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const fromPosition =
        args.cursor === undefined ? undefined : decodeThreadCursor('part', args.cursor, 'get_conversation');
      const database = await context.database.get();
      const found = getConversation(database, {
        id: args.conversation_id,
        includeNotes: args.include_notes,
        maxParts: args.max_parts ?? 30,
        fromPosition,
      });
      const { detail, cut } = boundConversation(found, fromPosition !== undefined);
      const snake = toSnakeCase(detail);
      // Attribute names and the JSON Intercom sent are data, not our keys: kept as they are.
      const { insights: original } = detail;
      const aiAgent = snake.insights.ai_agent;
      return {
        structured: {
          ...snake,
          insights: {
            ...snake.insights,
            custom_attributes: original.customAttributes,
            topics: original.topics,
            ai_agent:
              aiAgent === null
                ? null
                : { ...aiAgent, content_sources: original.aiAgent?.contentSources ?? [] },
          },
          next_cursor:
            detail.omitted === null ? null : encodeThreadCursor('part', detail.omitted.fromPosition),
          truncated: cut || detail.omitted !== null,
          transcript_uri: conversationUri(detail.id),
          intercom_url: (await context.links()).conversation(detail.id),
        },
        links: [transcriptLink(detail.id, detail.subject)],
      };
    },
  });
}

/** A cursor names the part position to read on from; opaque to clients, like the list tools' cursors. */
