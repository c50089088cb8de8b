import { z } from 'zod';
import {
  authorSchema,
  contactReferenceSchema,
  cursorPagesSchema,
  idSchema as id,
  maybe,
  optionalIdSchema as optionalId,
  referenceSchema,
  tagSchema,
  timestampSchema as timestamp,
} from './intercom-schemas.js';

/**
 * Tickets as Intercom API 2.16 sends them (POST /tickets/search, GET /tickets/{id}, GET /ticket_types),
 * in the style of intercom-schemas.ts: loose objects, ids as strings, everything optional and nullable
 * except what the sync relies on (id, timestamps, the parts list and its part types).
 */

export const ticketStateSchema = z.looseObject({
  type: maybe(z.string()),
  id: maybe(id),
  /** submitted | in_progress | waiting_on_customer | resolved */
  category: maybe(z.string()),
  internal_label: maybe(z.string()),
  external_label: maybe(z.string()),
});

export const ticketTypeSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  name: maybe(z.string()),
  description: maybe(z.string()),
  icon: maybe(z.string()),
  /** Customer | Back-office | Tracker */
  category: maybe(z.string()),
  archived: maybe(z.boolean()),
  is_internal: maybe(z.boolean()),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
});

export const ticketPartSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  part_type: z.string(),
  body: maybe(z.string()),
  previous_ticket_state: maybe(z.string()),
  ticket_state: maybe(z.string()),
  created_at: timestamp,
  updated_at: maybe(timestamp),
  assigned_to: maybe(referenceSchema),
  author: maybe(authorSchema),
  attachments: maybe(z.array(z.unknown())),
  external_id: maybe(z.string()),
  redacted: maybe(z.boolean()),
});

export const linkedObjectSchema = z.looseObject({
  /** ticket | conversation */
  type: maybe(z.string()),
  id: maybe(id),
  category: maybe(z.string()),
});

/** A ticket as search lists it (parts may be absent there: GET /tickets/{id} has them). */
export const ticketSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  /** The number the Inbox shows (#40); never used for API requests. */
  ticket_id: maybe(id),
  category: maybe(z.string()),
  ticket_attributes: maybe(z.record(z.string(), z.unknown())),
  ticket_state: maybe(ticketStateSchema),
  ticket_type: maybe(ticketTypeSchema),
  contacts: maybe(
    z.looseObject({ type: maybe(z.string()), contacts: maybe(z.array(contactReferenceSchema)) }),
  ),
  admin_assignee_id: optionalId,
  team_assignee_id: optionalId,
  created_at: timestamp,
  updated_at: timestamp,
  open: maybe(z.boolean()),
  snoozed_until: maybe(timestamp),
  linked_objects: maybe(
    z.looseObject({
      type: maybe(z.string()),
      total_count: maybe(z.number()),
      data: maybe(z.array(linkedObjectSchema)),
    }),
  ),
  tags: maybe(z.looseObject({ type: maybe(z.string()), tags: maybe(z.array(tagSchema)) })),
  ticket_parts: maybe(
    z.looseObject({
      type: maybe(z.string()),
      ticket_parts: z.array(ticketPartSchema),
      total_count: maybe(z.number()),
    }),
  ),
  is_shared: maybe(z.boolean()),
});

/** POST /tickets/search read for ids and update times only (what a sync lists by). */
export const ticketStampsPageSchema = z.object({
  total_count: z.number(),
  tickets: z.array(z.object({ id, updated_at: timestamp, created_at: maybe(timestamp) })),
  pages: maybe(cursorPagesSchema),
});

/** GET /tickets/{id}, with the exact text of the answer beside it (kept as the raw payload). */

export const ticketTypeListSchema = z.looseObject({
  type: maybe(z.string()),
  data: z.array(ticketTypeSchema),
});

export type TicketState = z.infer<typeof ticketStateSchema>;
export type TicketType = z.infer<typeof ticketTypeSchema>;
export type TicketPart = z.infer<typeof ticketPartSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketStampsPage = z.infer<typeof ticketStampsPageSchema>;
export type TicketStamp = TicketStampsPage['tickets'][number];
