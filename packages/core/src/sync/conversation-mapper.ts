import type { Flag } from '../db/database-schema.js';
import type { ConversationWrite, PartRow } from '../db/conversation-writer.js';
import type { ContactRow } from '../db/reference-data-repository.js';
import {
  attachmentRows,
  conversationFieldColumns,
  linkedObjectRows,
  metadataJson,
  partTagsJson,
  teammateIds,
} from './conversation-fields.js';
import type { ConversationFieldsInput } from './conversation-fields.js';
import { htmlText } from './html-text.js';

/**
 * The parts of an Intercom `Conversation` (GET /conversations/{id}) the mapper reads. Narrower and looser
 * than the client's zod type on purpose: that type is assignable to this one, and the mapper tolerates
 * ids and timestamps in either form the API has been seen to send.
 */
export interface ConversationInput extends ConversationFieldsInput {
  id: Id;
  created_at: Timestamp;
  updated_at: Timestamp;
  waiting_since?: Timestamp | null;
  snoozed_until?: Timestamp | null;
  title?: string | null;
  state?: string | null;
  open?: boolean | null;
  read?: boolean | null;
  priority?: string | null;
  admin_assignee_id?: Id | null;
  team_assignee_id?: Id | null;
  source?: {
    type?: string | null;
    delivered_as?: string | null;
    subject?: string | null;
    body?: string | null;
    url?: string | null;
    author?: AuthorInput | null;
    attachments?: unknown;
  } | null;
  contacts?: { contacts?: readonly ContactReferenceInput[] | null } | null;
  tags?: { tags?: readonly TagInput[] | null } | null;
  statistics?: StatisticsInput | null;
  conversation_rating?: {
    rating?: number | null;
    remark?: string | null;
    created_at?: Timestamp | null;
    teammate?: { id?: Id | null } | null;
  } | null;
  conversation_parts?: {
    conversation_parts?: readonly PartInput[] | null;
    total_count?: number | null;
  } | null;
}

type Id = string | number;
type Timestamp = number | string;

interface AuthorInput {
  type?: string | null;
  id?: Id | null;
  name?: string | null;
  email?: string | null;
}

interface ContactReferenceInput {
  id: Id;
  external_id?: string | null;
  email?: string | null;
  name?: string | null;
}

interface TagInput {
  id: Id;
  name?: string | null;
  applied_at?: Timestamp | null;
}

interface PartInput {
  id: Id;
  part_type?: string | null;
  body?: string | null;
  created_at: Timestamp;
  updated_at?: Timestamp | null;
  notified_at?: Timestamp | null;
  author?: AuthorInput | null;
  assigned_to?: { type?: string | null; id?: Id | null } | null;
  redacted?: boolean | null;
  attachments?: unknown;
  tags?: unknown;
  metadata?: unknown;
}

interface StatisticsInput {
  first_contact_reply_at?: Timestamp | null;
  first_assignment_at?: Timestamp | null;
  first_admin_reply_at?: Timestamp | null;
  first_close_at?: Timestamp | null;
  last_assignment_at?: Timestamp | null;
  last_assignment_admin_reply_at?: Timestamp | null;
  last_contact_reply_at?: Timestamp | null;
  last_admin_reply_at?: Timestamp | null;
  last_close_at?: Timestamp | null;
  last_closed_by_id?: Id | null;
  count_reopens?: number | null;
  count_assignments?: number | null;
  count_conversation_parts?: number | null;
  time_to_assignment?: number | null;
  time_to_admin_reply?: number | null;
  time_to_first_close?: number | null;
  time_to_last_close?: number | null;
  median_time_to_reply?: number | null;
}

/**
 * One API conversation as the rows a sync page writes. Parts are ordered oldest first (by created_at,
 * ties kept in API order) and numbered 0..n-1. `parts_complete` is 0 when the API showed fewer parts
 * than `conversation_parts.total_count` (Intercom returns at most the 500 most recent), so a cut thread is
 * never taken for whole; the writer then keeps the older parts the copy already holds. Completeness is
 * never judged from `statistics.count_conversation_parts`: it counts the opening message too, so it is
 * one more than total_count on every conversation. `syncedAt` is Unix seconds.
 */
export function mapConversation(conversation: ConversationInput, syncedAt: number): ConversationWrite {
  const id = String(conversation.id);
  const source = conversation.source ?? {};
  const author = source.author ?? {};
  const statistics = conversation.statistics ?? {};
  const rating = conversation.conversation_rating ?? null;
  const apiParts = conversation.conversation_parts?.conversation_parts ?? [];
  const ordered = orderedParts(apiParts);
  const parts = ordered.map((part, position) => mapPart(id, part, position));
  const totalCount = integer(conversation.conversation_parts?.total_count) ?? parts.length;
  const contactRefs = uniqueById(conversation.contacts?.contacts ?? []);
  const tags = uniqueById(conversation.tags?.tags ?? []);

  return {
    conversation: {
      id,
      created_at: timestamp(conversation.created_at),
      updated_at: timestamp(conversation.updated_at),
      waiting_since: optionalTimestamp(conversation.waiting_since),
      snoozed_until: optionalTimestamp(conversation.snoozed_until),
      title: conversation.title ?? null,
      state: conversation.state ?? (conversation.open === true ? 'open' : 'closed'),
      open: flag(conversation.open),
      read: flag(conversation.read),
      priority: conversation.priority ?? null,
      admin_assignee_id: optionalId(conversation.admin_assignee_id),
      team_assignee_id: optionalId(conversation.team_assignee_id),
      contact_id: contactRefs[0] === undefined ? null : String(contactRefs[0].id),
      source_type: source.type ?? null,
      source_delivered_as: source.delivered_as ?? null,
      source_subject: source.subject ?? null,
      source_author_type: author.type ?? null,
      source_author_id: optionalId(author.id),
      source_author_name: author.name ?? null,
      source_author_email: author.email ?? null,
      source_body_text: source.body == null ? null : htmlText(source.body),
      source_url: source.url ?? null,
      first_contact_reply_at: optionalTimestamp(statistics.first_contact_reply_at),
      first_assignment_at: optionalTimestamp(statistics.first_assignment_at),
      first_admin_reply_at: optionalTimestamp(statistics.first_admin_reply_at),
      first_close_at: optionalTimestamp(statistics.first_close_at),
      last_assignment_at: optionalTimestamp(statistics.last_assignment_at),
      last_assignment_admin_reply_at: optionalTimestamp(statistics.last_assignment_admin_reply_at),
      last_contact_reply_at: optionalTimestamp(statistics.last_contact_reply_at),
      last_admin_reply_at: optionalTimestamp(statistics.last_admin_reply_at),
      last_close_at: optionalTimestamp(statistics.last_close_at),
      last_closed_by_id: optionalId(statistics.last_closed_by_id),
      count_reopens: integer(statistics.count_reopens),
      count_assignments: integer(statistics.count_assignments),
      count_conversation_parts: integer(statistics.count_conversation_parts),
      time_to_assignment: integer(statistics.time_to_assignment),
      time_to_admin_reply: integer(statistics.time_to_admin_reply),
      time_to_first_close: integer(statistics.time_to_first_close),
      time_to_last_close: integer(statistics.time_to_last_close),
      median_time_to_reply: integer(statistics.median_time_to_reply),
      rating_value: integer(rating?.rating),
      rating_remark: rating?.remark ?? null,
      rating_created_at: optionalTimestamp(rating?.created_at),
      rating_teammate_id: optionalId(rating?.teammate?.id),
      parts_total_count: totalCount,
      parts_stored: parts.length,
      parts_complete: parts.length >= totalCount ? 1 : 0,
      synced_at: syncedAt,
      ...conversationFieldColumns(conversation),
    },
    parts,
    linkedObjects: linkedObjectRows(conversation.linked_objects),
    teammates: teammateIds(conversation.teammates),
    attachments: [
      ...attachmentRows(source.attachments, null),
      ...ordered.flatMap((part) => attachmentRows(part.attachments, String(part.id))),
    ],
    contacts: contactRefs.map((contact, position) => ({ contact_id: String(contact.id), position })),
    tags: tags.map((tag) => ({
      tag_id: String(tag.id),
      name: tag.name ?? '',
      applied_at: optionalTimestamp(tag.applied_at),
    })),
    contactStubs: contactRefs.map((contact) => contactStub(contact, syncedAt)),
  };
}

/** Oldest first. Array.prototype.sort is stable, so parts created in the same second keep API order. */
function orderedParts(parts: readonly PartInput[]): readonly PartInput[] {
  for (let index = 1; index < parts.length; index++) {
    if (timestamp(parts[index]!.created_at) < timestamp(parts[index - 1]!.created_at)) {
      return [...parts].sort((a, b) => timestamp(a.created_at) - timestamp(b.created_at));
    }
  }
  return parts;
}

function mapPart(conversationId: string, part: PartInput, position: number): PartRow {
  const author = part.author ?? {};
  return {
    conversation_id: conversationId,
    position,
    id: String(part.id),
    part_type: part.part_type ?? 'unknown',
    body_text: part.body == null ? null : htmlText(part.body),
    created_at: timestamp(part.created_at),
    updated_at: optionalTimestamp(part.updated_at),
    author_type: author.type ?? null,
    author_id: optionalId(author.id),
    author_name: author.name ?? null,
    assigned_to_type: part.assigned_to?.type ?? null,
    assigned_to_id: optionalId(part.assigned_to?.id),
    redacted: flag(part.redacted),
    tags: partTagsJson(part.tags),
    metadata: metadataJson(part.metadata),
  };
}

function contactStub(contact: ContactReferenceInput, syncedAt: number): ContactRow {
  return {
    id: String(contact.id),
    external_id: contact.external_id ?? null,
    email: contact.email ?? null,
    name: contact.name ?? null,
    synced_at: syncedAt,
  };
}

/** The join tables key on (conversation, id): a repeated id would break the write, so keep the first. */
function uniqueById<Item extends { id: Id }>(items: readonly Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = String(item.id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function timestamp(value: Timestamp): number {
  return Math.trunc(Number(value)) || 0;
}

function optionalTimestamp(value: Timestamp | null | undefined): number | null {
  return value == null ? null : timestamp(value);
}

function integer(value: number | null | undefined): number | null {
  return value == null || !Number.isFinite(value) ? null : Math.trunc(value);
}

function optionalId(value: Id | null | undefined): string | null {
  return value == null || value === '' ? null : String(value);
}

function flag(value: boolean | null | undefined): Flag {
  return value === true ? 1 : 0;
}
