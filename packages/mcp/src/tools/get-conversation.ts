import { getConversation } from '@fastintercom/core/queries';
import type { ConversationMessage } from '@fastintercom/core';
import { z } from 'zod';
import { conversationUri, transcriptLink } from '../conversation-uri.js';
import { conversationId } from '../input-fields.js';
import { isoTime, personRef, rating, tagRef, teamRef, transcriptUri, truncated } from '../output-schemas.js';
import { toSnakeCase } from '../snake-case.js';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

/** Longest message body returned inline; the transcript resource has the rest. */
export const MAX_BODY_CHARS = 2000;

const input = z.strictObject({
  conversation_id: conversationId,
  include_notes: z.boolean().optional().describe('Include internal notes (default true)'),
  max_parts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Most thread parts to return (default 30, at most 100); over it the middle is left out'),
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
});

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
    .describe('Parts left out of the middle of the thread (max_parts); null when none'),
  parts_total_count: z.number(),
  parts_stored: z.number(),
  truncated_by_intercom: z
    .boolean()
    .describe("True when Intercom's 500-part cap hid the oldest parts of a very long thread"),
  truncated,
  transcript_uri: transcriptUri,
});

/** The structured answer of the tool, as clients receive it. */
export type GetConversationOutput = z.output<typeof output>;

export function registerGetConversationTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_conversation',
    title: 'Get conversation',
    description:
      'One conversation with its thread: customer, assignees, tags, rating, and the messages oldest first ' +
      '(opening message, replies, notes, assignments). Long threads keep their start and end; long bodies are cut. ' +
      'For the whole thread read the linked resource intercom://conversation/{id}; for a digest use ' +
      'get_conversation_summary.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const detail = getConversation(database, {
        id: args.conversation_id,
        includeNotes: args.include_notes,
        maxParts: args.max_parts ?? 30,
      });
      const messages = detail.messages.map(clipBody);
      const bodiesCut = messages.some((item, index) => item !== detail.messages[index]);
      return {
        structured: {
          ...toSnakeCase({ ...detail, messages }),
          truncated: bodiesCut || detail.omitted !== null,
          transcript_uri: conversationUri(detail.id),
        },
        links: [transcriptLink(detail.id, detail.subject)],
      };
    },
  });
}

function clipBody(message: ConversationMessage): ConversationMessage {
  if (message.body === null || message.body.length <= MAX_BODY_CHARS) return message;
  return {
    ...message,
    body: `${message.body.slice(0, MAX_BODY_CHARS)}… [cut: read the transcript resource]`,
  };
}
