import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { isoTime, isoTimeOrNull, parseLimit } from './query-input.js';
import { all, one } from './statement-cache.js';
import type { GetTicketInput, TicketDetail, TicketMessage } from './ticket-query-types.js';
import {
  TICKET_SUMMARY_COLUMNS,
  TICKET_SUMMARY_FROM,
  ticketContacts,
  ticketSummary,
} from './ticket-record.js';
import { requireTicketTables } from './ticket-record.js';
import type { TicketSummaryRow } from './ticket-record.js';

export const TICKET_DEFAULT_MAX_PARTS = 50;
export const TICKET_MAX_PARTS = 500;

type TicketRow = TicketSummaryRow & {
  description: string | null;
  snoozed_until: number | null;
  is_shared: number | null;
  admin_assignee_id: string | null;
  admin_name: string | null;
  admin_email: string | null;
  team_assignee_id: string | null;
  team_name: string | null;
  ticket_attributes: string;
  parts_total_count: number;
  parts_stored: number;
  parts_complete: number;
};

interface PartRow {
  id: string;
  position: number;
  part_type: string;
  body_text: string | null;
  previous_state: string | null;
  state: string | null;
  created_at: number;
  author_type: string | null;
  author_id: string | null;
  author_name: string | null;
  attachments: string | null;
  total: number;
}

/**
 * One ticket with its thread oldest first, from `fromPosition`, at most maxParts parts (the rest is
 * reported as omitted, to read on from there). `id` is Intercom's ticket id or the Inbox number.
 */
export function getTicket(database: FicDatabase, input: GetTicketInput): TicketDetail {
  const maxParts = parseLimit(input.maxParts, 'maxParts', TICKET_DEFAULT_MAX_PARTS, TICKET_MAX_PARTS);
  const from = input.fromPosition ?? 0;
  if (!Number.isSafeInteger(from) || from < 0) {
    throw new FicError('invalid_input', 'fromPosition must be a whole number from 0', {
      details: { field: 'fromPosition' },
    });
  }
  const includeNotes = input.includeNotes ?? true;
  const id = typeof input.id === 'string' ? input.id.trim().replace(/^#/, '') : '';
  if (id === '') {
    throw new FicError('invalid_input', 'Give a ticket id', { details: { field: 'id' } });
  }
  requireTicketTables(database);
  const row = one<TicketRow>(
    database,
    `SELECT ${TICKET_SUMMARY_COLUMNS}, t.description, t.snoozed_until, t.is_shared, t.admin_assignee_id,
            a.name AS admin_name, a.email AS admin_email, t.team_assignee_id, tm.name AS team_name,
            t.ticket_attributes, t.parts_total_count, t.parts_stored, t.parts_complete
       FROM ${TICKET_SUMMARY_FROM}
       LEFT JOIN admins a ON a.id = t.admin_assignee_id
       LEFT JOIN teams tm ON tm.id = t.team_assignee_id
      WHERE t.id = ? OR t.ticket_number = ?
      ORDER BY t.id = ? DESC LIMIT 1`,
    [id, id, id],
  );
  if (row === undefined) {
    throw new FicError('not_found', `No ticket ${id} in the local copy: run fic sync, or check the id.`, {
      details: { id },
    });
  }
  const parts = all<PartRow>(
    database,
    `SELECT id, position, part_type, body_text, previous_state, state, created_at, author_type, author_id,
            author_name, attachments, count(*) OVER () AS total
       FROM ticket_parts
      WHERE ticket_id = ? AND position >= ? AND (? = 1 OR part_type <> 'note')
      ORDER BY position LIMIT ?`,
    [row.id, from, includeNotes ? 1 : 0, maxParts],
  );
  const total = parts[0]?.total ?? 0;
  const links = all<{ type: string; id: string; category: string | null }>(
    database,
    `SELECT object_type AS type, object_id AS id, category FROM ticket_links WHERE ticket_id = ?
      ORDER BY object_type, object_id`,
    [row.id],
  );
  return {
    ...ticketSummary(row),
    description: row.description,
    snoozedUntil: isoTimeOrNull(row.snoozed_until),
    shared: row.is_shared === null ? null : row.is_shared === 1,
    contacts: ticketContacts(database, row.id),
    adminAssignee:
      row.admin_assignee_id === null
        ? null
        : { id: row.admin_assignee_id, name: row.admin_name, email: row.admin_email },
    teamAssignee: row.team_assignee_id === null ? null : { id: row.team_assignee_id, name: row.team_name },
    attributes: parseObject(row.ticket_attributes),
    linkedObjects: links,
    messages: parts.map(toMessage),
    omitted:
      total > parts.length ? { count: total - parts.length, fromPosition: parts.at(-1)!.position + 1 } : null,
    partsTotalCount: row.parts_total_count,
    partsStored: row.parts_stored,
    truncatedByIntercom: row.parts_complete === 0,
  };
}

function toMessage(part: PartRow): TicketMessage {
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
    previousState: part.previous_state,
    state: part.state,
    attachments: (
      JSON.parse(part.attachments ?? '[]') as {
        name: string | null;
        url: string | null;
        content_type: string | null;
        filesize: number | null;
      }[]
    ).map((attachment) => ({
      name: attachment.name,
      url: attachment.url,
      contentType: attachment.content_type,
      size: attachment.filesize,
    })),
  };
}

/** A JSON object column; anything else (a damaged value) reads as empty rather than failing the answer. */
export function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
