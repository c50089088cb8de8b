import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import {
  ASSIGNED_TO_NAME,
  loadConversation,
  loadConversationPeople,
  subjectOf,
} from './conversation-record.js';
import type { ConversationRecord } from './conversation-record.js';
import { conversationAttachments, conversationInsights } from './conversation-insights.js';
import { all } from './statement-cache.js';
import { isoTime, isoTimeOrNull, parseLimit } from './query-input.js';
import type {
  ConversationDetail,
  ConversationMessage,
  GetConversationInput,
  OmittedParts,
} from './query-types.js';

export const CONVERSATION_DEFAULT_MAX_PARTS = 50;
export const CONVERSATION_MAX_PARTS = 500;

interface PartRow {
  id: string;
  position: number;
  part_type: string;
  body_text: string | null;
  created_at: number;
  author_type: string | null;
  author_id: string | null;
  author_name: string | null;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  assigned_to_name: string | null;
  total: number;
  last_position: number;
}

/**
 * A conversation with its thread: the opening message, then its parts oldest first. Over `maxParts`,
 * the first half and the last half are kept (how it started and where it stands) and the middle is
 * reported as omitted. With `fromPosition`, the thread is read in order from there instead: the first
 * maxParts parts, the rest reported as omitted.
 */
export function getConversation(database: FicDatabase, input: GetConversationInput): ConversationDetail {
  const maxParts = parseLimit(
    input.maxParts,
    'maxParts',
    CONVERSATION_DEFAULT_MAX_PARTS,
    CONVERSATION_MAX_PARTS,
  );
  if (input.includeNotes !== undefined && typeof input.includeNotes !== 'boolean') {
    throw new FicError('invalid_input', 'includeNotes must be true or false', {
      details: { field: 'includeNotes' },
    });
  }
  const includeNotes = input.includeNotes ?? true;
  const fromPosition = parseFromPosition(input.fromPosition);
  const row = loadConversation(database, input.id);
  const people = loadConversationPeople(database, row);

  const head = fromPosition === undefined ? Math.floor(maxParts / 2) : maxParts;
  const tail = maxParts - head;
  // Window functions number the thread by position alone, so only the kept parts' text is read (a
  // thread of long messages would otherwise pass all of its text through the window).
  const parts = all<PartRow>(
    database,
    `WITH thread AS (
       SELECT position, row_number() OVER (ORDER BY position) AS rn, count(*) OVER () AS total,
              max(position) OVER () AS last_position
         FROM conversation_parts
        WHERE conversation_id = ? AND (? = 1 OR part_type <> 'note') AND position >= ?)
     SELECT p.id, p.position, p.part_type, p.body_text, p.created_at, p.author_type, p.author_id,
            p.author_name, p.assigned_to_type, p.assigned_to_id, t.total, t.last_position,
            ${ASSIGNED_TO_NAME}
       FROM thread t JOIN conversation_parts p ON p.conversation_id = ? AND p.position = t.position
      WHERE t.rn <= ? OR t.rn > t.total - ? ORDER BY p.position`,
    [row.id, includeNotes ? 1 : 0, fromPosition ?? 0, row.id, head, tail],
  );

  const attachments = conversationAttachments(database, row.id);
  const withAttachments = (message: ConversationMessage): ConversationMessage => {
    const files = attachments.get(message.id ?? 'source');
    return files === undefined ? message : { ...message, attachments: files };
  };
  return {
    id: row.id,
    title: row.title,
    subject: subjectOf(row),
    state: row.state,
    open: row.open === 1,
    read: row.read === 1,
    priority: row.priority,
    createdAt: isoTime(row.created_at),
    createdAtUnix: row.created_at,
    updatedAt: isoTime(row.updated_at),
    updatedAtUnix: row.updated_at,
    waitingSince: isoTimeOrNull(row.waiting_since),
    snoozedUntil: isoTimeOrNull(row.snoozed_until),
    sourceType: row.source_type,
    sourceDeliveredAs: row.source_delivered_as,
    sourceUrl: row.source_url,
    customer: people.contacts[0] ?? null,
    contacts: people.contacts,
    adminAssignee: people.adminAssignee,
    teamAssignee: people.teamAssignee,
    tags: people.tags,
    rating: people.rating,
    messages: [...(fromPosition === undefined ? [openingMessage(row)] : []), ...parts.map(toMessage)].map(
      withAttachments,
    ),
    omitted: omittedParts(parts, head, fromPosition ?? 0),
    partsTotalCount: row.parts_total_count,
    partsStored: row.parts_stored,
    truncatedByIntercom: row.parts_complete === 0,
    insights: conversationInsights(database, row),
  };
}

function openingMessage(row: ConversationRecord): ConversationMessage {
  return {
    id: null,
    position: -1,
    partType: 'source',
    authorType: row.source_author_type,
    authorId: row.source_author_id,
    authorName: row.source_author_name,
    createdAt: isoTime(row.created_at),
    createdAtUnix: row.created_at,
    body: row.source_body_text,
    assignedTo: null,
  };
}

function toMessage(part: PartRow): ConversationMessage {
  return {
    id: part.id,
    position: part.position,
    partType: part.part_type,
    authorType: part.author_type,
    authorId: part.author_id,
    authorName: part.author_name,
    createdAt: isoTime(part.created_at),
    createdAtUnix: part.created_at,
    body: part.body_text,
    assignedTo:
      part.assigned_to_type === null && part.assigned_to_id === null
        ? null
        : { type: part.assigned_to_type, id: part.assigned_to_id, name: part.assigned_to_name },
  };
}

/**
 * The parts between the kept head and tail (or after the head when there is no tail), by position;
 * notes left out by request are not counted.
 */
function omittedParts(parts: PartRow[], head: number, from: number): OmittedParts | null {
  const total = parts[0]?.total ?? 0;
  if (total <= parts.length) return null;
  const before = parts[head - 1];
  const after = parts[head];
  return {
    count: total - parts.length,
    fromPosition: before === undefined ? from : before.position + 1,
    toPosition: after === undefined ? parts[0]!.last_position : after.position - 1,
  };
}

function parseFromPosition(value: number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new FicError('invalid_input', 'fromPosition must be a whole number from 0', {
      details: { field: 'fromPosition' },
    });
  }
  return value;
}
