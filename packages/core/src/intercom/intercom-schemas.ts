import { z } from 'zod';

/**
 * Response schemas for Intercom API 2.16. Objects are loose (unknown fields pass through untouched), ids
 * are coerced to strings (the spec's own examples send some as numbers), and everything the sync does
 * not need is optional and nullable, because real payloads omit or null what the spec promises. What the
 * sync relies on (ids, timestamps, the parts list and its total_count, part types) is required.
 */

/** A string or numeric id, as a string. */
const id = z.union([z.string(), z.number()]).transform(String);
/** An id where 0 or null means "none" (admin_assignee_id, team_assignee_id). */
const optionalId = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) =>
    value === undefined || value === null || value === 0 || value === '0' ? null : String(value),
  );
const timestamp = z.number();
const maybe = <T extends z.ZodType>(schema: T): z.ZodOptional<z.ZodNullable<T>> => schema.nullish();

export const referenceSchema = z.looseObject({ type: maybe(z.string()), id: maybe(id) });

export const authorSchema = z.looseObject({
  type: maybe(z.string()),
  id: maybe(id),
  name: maybe(z.string()),
  email: maybe(z.string()),
});

export const tagSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  name: z.string(),
  applied_at: maybe(timestamp),
  applied_by: maybe(referenceSchema),
});

export const contactReferenceSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  external_id: maybe(z.string()),
});

export const conversationSourceSchema = z.looseObject({
  type: maybe(z.string()),
  id: maybe(id),
  delivered_as: maybe(z.string()),
  subject: maybe(z.string()),
  body: maybe(z.string()),
  author: maybe(authorSchema),
  attachments: maybe(z.array(z.unknown())),
  url: maybe(z.string()),
  redacted: maybe(z.boolean()),
});

export const conversationStatisticsSchema = z.looseObject({
  type: maybe(z.string()),
  time_to_assignment: maybe(z.number()),
  time_to_admin_reply: maybe(z.number()),
  time_to_first_close: maybe(z.number()),
  time_to_last_close: maybe(z.number()),
  median_time_to_reply: maybe(z.number()),
  first_contact_reply_at: maybe(timestamp),
  first_assignment_at: maybe(timestamp),
  first_admin_reply_at: maybe(timestamp),
  first_close_at: maybe(timestamp),
  last_assignment_at: maybe(timestamp),
  last_assignment_admin_reply_at: maybe(timestamp),
  last_contact_reply_at: maybe(timestamp),
  last_admin_reply_at: maybe(timestamp),
  last_close_at: maybe(timestamp),
  last_closed_by_id: maybe(id),
  count_reopens: maybe(z.number()),
  count_assignments: maybe(z.number()),
  count_conversation_parts: maybe(z.number()),
});

export const conversationRatingSchema = z.looseObject({
  rating: maybe(z.number()),
  remark: maybe(z.string()),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
  contact: maybe(referenceSchema),
  teammate: maybe(referenceSchema),
});

export const conversationPartSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  part_type: z.string(),
  body: maybe(z.string()),
  created_at: timestamp,
  updated_at: maybe(timestamp),
  notified_at: maybe(timestamp),
  assigned_to: maybe(referenceSchema),
  author: maybe(authorSchema),
  attachments: maybe(z.array(z.unknown())),
  external_id: maybe(z.string()),
  redacted: maybe(z.boolean()),
});

/** A conversation as search and list return it: everything but the parts. */
export const conversationSummarySchema = z.looseObject({
  type: maybe(z.string()),
  id,
  created_at: timestamp,
  updated_at: timestamp,
  title: maybe(z.string()),
  waiting_since: maybe(timestamp),
  snoozed_until: maybe(timestamp),
  open: maybe(z.boolean()),
  state: maybe(z.string()),
  read: maybe(z.boolean()),
  priority: maybe(z.string()),
  admin_assignee_id: optionalId,
  team_assignee_id: optionalId,
  tags: maybe(z.looseObject({ type: maybe(z.string()), tags: z.array(tagSchema) })),
  conversation_rating: maybe(conversationRatingSchema),
  source: maybe(conversationSourceSchema),
  contacts: maybe(z.looseObject({ type: maybe(z.string()), contacts: z.array(contactReferenceSchema) })),
  teammates: maybe(z.looseObject({ type: maybe(z.string()), teammates: maybe(z.array(referenceSchema)) })),
  custom_attributes: maybe(z.record(z.string(), z.unknown())),
  first_contact_reply: maybe(z.looseObject({ created_at: maybe(timestamp), type: maybe(z.string()) })),
  statistics: maybe(conversationStatisticsSchema),
});

/** GET /conversations/{id}: the conversation with (at most the 500 most recent of) its parts. */
export const conversationSchema = conversationSummarySchema.extend({
  conversation_parts: z.looseObject({
    type: maybe(z.string()),
    conversation_parts: z.array(conversationPartSchema),
    total_count: z.number(),
  }),
});

/** Cursor pagination of search and list answers; `next.starting_after` is absent on the last page. */
export const cursorPagesSchema = z.looseObject({
  type: maybe(z.string()),
  page: maybe(z.number()),
  per_page: maybe(z.number()),
  total_pages: maybe(z.number()),
  next: maybe(z.looseObject({ per_page: maybe(z.number()), starting_after: maybe(z.string()) })),
});

/** POST /conversations/search and GET /conversations. */
export const searchConversationsPageSchema = z.looseObject({
  type: maybe(z.string()),
  conversations: z.array(conversationSummarySchema),
  total_count: z.number(),
  pages: maybe(cursorPagesSchema),
});

/**
 * POST /conversations/search read for what a sync lists by: each conversation's id and updated_at, the
 * total and the cursor. Plain (stripping) objects: the rest of each conversation is neither validated nor
 * copied, which makes a listing page a small fraction of the work of `searchConversationsPageSchema`.
 */
export const conversationStampsPageSchema = z.object({
  conversations: z.array(z.object({ id, updated_at: timestamp, created_at: maybe(timestamp) })),
  total_count: z.number(),
  pages: maybe(
    z.object({
      total_pages: maybe(z.number()),
      next: maybe(z.object({ starting_after: maybe(z.string()) })),
    }),
  ),
});

/** GET /conversations/deleted: page-number pagination, `pages.next` a URL when there is a next page. */
export const deletedConversationsPageSchema = z.looseObject({
  type: maybe(z.string()),
  total_count: maybe(z.number()),
  pages: maybe(
    z.looseObject({
      page: maybe(z.number()),
      per_page: maybe(z.number()),
      total_pages: maybe(z.number()),
      next: maybe(z.unknown()),
    }),
  ),
  conversations: z.array(
    z.looseObject({
      type: maybe(z.string()),
      id,
      deleted_at: maybe(timestamp),
      metrics_retained: maybe(z.boolean()),
    }),
  ),
});

export const adminSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  name: maybe(z.string()),
  email: maybe(z.string()),
  job_title: maybe(z.string()),
  away_mode_enabled: maybe(z.boolean()),
  away_mode_reassign: maybe(z.boolean()),
  has_inbox_seat: maybe(z.boolean()),
  team_ids: maybe(z.array(id)),
});

export const adminListSchema = z.looseObject({ type: maybe(z.string()), admins: z.array(adminSchema) });

export const teamSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  name: z.string(),
  admin_ids: maybe(z.array(id)),
});

export const teamListSchema = z.looseObject({ type: maybe(z.string()), teams: z.array(teamSchema) });

export const tagListSchema = z.looseObject({ type: maybe(z.string()), data: z.array(tagSchema) });

export const contactSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  external_id: maybe(z.string()),
  role: maybe(z.string()),
  email: maybe(z.string()),
  phone: maybe(z.string()),
  name: maybe(z.string()),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
  signed_up_at: maybe(timestamp),
  last_seen_at: maybe(timestamp),
  location: maybe(
    z.looseObject({
      type: maybe(z.string()),
      country: maybe(z.string()),
      region: maybe(z.string()),
      city: maybe(z.string()),
    }),
  ),
  custom_attributes: maybe(z.record(z.string(), z.unknown())),
});

/** POST /contacts/search. */
export const searchContactsPageSchema = z.looseObject({
  type: maybe(z.string()),
  data: z.array(contactSchema),
  total_count: z.number(),
  pages: maybe(cursorPagesSchema),
});

/** GET /me: the admin who owns the token, with its workspace. */
export const meSchema = z.looseObject({
  type: maybe(z.string()),
  id,
  name: maybe(z.string()),
  email: maybe(z.string()),
  app: maybe(
    z.looseObject({
      type: maybe(z.string()),
      id_code: maybe(z.string()),
      name: maybe(z.string()),
      region: maybe(z.string()),
      timezone: maybe(z.string()),
    }),
  ),
});

/** The body of an error answer: `{ type: 'error.list', errors: [{ code, message }] }`. */
export const errorListSchema = z.looseObject({
  type: maybe(z.string()),
  request_id: maybe(z.string()),
  errors: z.array(z.looseObject({ code: maybe(z.string()), message: maybe(z.string()) })),
});

export type Reference = z.infer<typeof referenceSchema>;
export type Tag = z.infer<typeof tagSchema>;
export type ConversationPart = z.infer<typeof conversationPartSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type SearchConversationsPage = z.infer<typeof searchConversationsPageSchema>;
export type ConversationStampsPage = z.infer<typeof conversationStampsPageSchema>;
export type ConversationStamp = ConversationStampsPage['conversations'][number];
export type DeletedConversationsPage = z.infer<typeof deletedConversationsPageSchema>;
export type Admin = z.infer<typeof adminSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type SearchContactsPage = z.infer<typeof searchContactsPageSchema>;
export type Me = z.infer<typeof meSchema>;
export type IntercomErrorList = z.infer<typeof errorListSchema>;

/** One filter of a search query; `>` and `<` on timestamps are strict. */
export interface SearchFilter {
  field: string;
  operator: '=' | '!=' | 'IN' | 'NIN' | '<' | '>' | '~' | '!~' | '^' | '$';
  value: string | number | boolean | null | (string | number)[];
}

export interface SearchFilterGroup {
  operator: 'AND' | 'OR';
  value: (SearchFilter | SearchFilterGroup)[];
}

/** The body of POST /conversations/search and POST /contacts/search (up to 150 per page). */
export interface SearchRequest {
  query: SearchFilter | SearchFilterGroup;
  pagination?: { per_page?: number; starting_after?: string | null };
  sort?: { field: string; order: 'ascending' | 'descending' };
}

export type SearchConversationsRequest = SearchRequest;
export type SearchContactsRequest = SearchRequest;

/** The field schemas other resources' schemas (tickets, companies) are built from. */
export { id as idSchema, optionalId as optionalIdSchema, maybe, timestamp as timestampSchema };
