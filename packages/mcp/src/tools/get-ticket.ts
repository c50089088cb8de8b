import { getTicket } from '@fastintercom/core/queries';
import { z } from 'zod';
import { intercomUrl } from '../conversation-list-fields.js';
import { ticketId } from '../input-fields.js';
import { isoTime, personRef, teamRef, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import { boundTicket } from '../ticket-answer-bounds.js';
import { ticketSummary } from '../ticket-output-schemas.js';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';
import { decodeThreadCursor, encodeThreadCursor } from '../thread-cursor.js';

const input = z.strictObject({
  ticket_id: ticketId,
  include_notes: z.boolean().optional().describe('Include internal notes (default true)'),
  max_parts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Most thread parts to return, oldest first (default 30, at most 100); an answer also stops at 128 KB',
    ),
  cursor: z.string().min(1).optional().describe('next_cursor from a previous answer: reads on from there'),
});

const nullableString = z.string().nullable();

const output = ticketSummary.extend({
  description: nullableString,
  snoozed_until: isoTime.nullable(),
  shared: z.boolean().nullable().describe('Whether the customer sees the ticket'),
  contacts: z.array(personRef),
  admin_assignee: personRef.nullable(),
  team_assignee: teamRef.nullable(),
  attributes: z.record(z.string(), z.unknown()).describe('Every ticket attribute as Intercom sent it'),
  linked_objects: z
    .array(z.object({ type: z.string(), id: z.string(), category: nullableString }))
    .describe('Conversations (get_conversation) and tickets linked to this one'),
  messages: z.array(
    z.object({
      id: z.string(),
      position: z.number(),
      part_type: z.string(),
      author_type: nullableString,
      author_id: nullableString,
      author_name: nullableString,
      created_at: isoTime,
      created_at_unix: z.number(),
      body: nullableString,
      previous_state: nullableString,
      state: nullableString.describe('For state changes: the state the ticket moved to'),
      attachments: z.array(
        z.object({
          name: nullableString,
          url: nullableString,
          content_type: nullableString,
          size: z.number().nullable(),
        }),
      ),
    }),
  ),
  omitted: z
    .object({ count: z.number(), from_position: z.number() })
    .nullable()
    .describe('Parts after the ones returned; next_cursor reads them'),
  next_cursor: z.string().nullable().describe('Pass as cursor (same ticket_id) to read on; null when none'),
  parts_total_count: z.number(),
  parts_stored: z.number(),
  intercom_url: intercomUrl,
  truncated_by_intercom: z.boolean().describe("True when Intercom's 500-part cap hid the oldest parts"),
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type GetTicketOutput = z.output<typeof output>;

export function registerGetTicketTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_ticket',
    title: 'Get ticket',
    description:
      'One ticket (customer, back-office or tracker) with its type, state (category and labels), attributes, ' +
      'customer, assignees, linked conversations and the thread oldest first (comments, notes, state changes). ' +
      'Long threads are paged: pass next_cursor as cursor to read on.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const fromPosition =
        args.cursor === undefined ? undefined : decodeThreadCursor('ticket-part', args.cursor, 'get_ticket');
      const database = await context.database.get();
      const found = getTicket(database, {
        id: args.ticket_id,
        includeNotes: args.include_notes,
        maxParts: args.max_parts ?? 30,
        fromPosition,
      });
      const { detail, cut } = boundTicket(found);
      return {
        structured: {
          // toSnakeCase keeps the attribute names as the workspace wrote them.
          ...toSnakeCase(detail),
          next_cursor:
            detail.omitted === null ? null : encodeThreadCursor('ticket-part', detail.omitted.fromPosition),
          truncated: cut || detail.omitted !== null,
          intercom_url: (await context.links()).conversation(detail.id),
        },
      };
    },
  });
}
