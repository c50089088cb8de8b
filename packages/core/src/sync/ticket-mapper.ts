import type { Insertable } from 'kysely';
import type {
  Flag,
  TicketContactsTable,
  TicketLinksTable,
  TicketPartsTable,
  TicketsTable,
  TicketTypesTable,
} from '../db/database-schema.js';
import { FicError } from '../errors.js';
import { parseIntercomResponse } from '../intercom/parse-response.js';
import { ticketSchema } from '../intercom/ticket-schemas.js';
import type { Ticket, TicketType } from '../intercom/ticket-schemas.js';
import { htmlText } from './html-text.js';

/** Every row one ticket is stored as: what the writer replaces, and what `fic rebuild` re-derives. */
export interface TicketRows {
  ticket: Insertable<TicketsTable>;
  parts: Insertable<TicketPartsTable>[];
  contacts: Insertable<TicketContactsTable>[];
  links: Insertable<TicketLinksTable>[];
  /** The ticket's type as embedded in the ticket (kept in ticket_types when the list lacks it). */
  type: Insertable<TicketTypesTable> | null;
}

const TITLE = '_default_title_';
const DESCRIPTION = '_default_description_';

/**
 * The rows of one ticket from the stored JSON text of its GET /tickets/{id} answer: the deriver
 * `fic rebuild` runs over raw payloads, and the one the sync runs over what it just fetched, so the two
 * cannot drift. Throws FicError('malformed_response') for text that is not a ticket.
 */
export function ticketRowsFromPayload(json: string, syncedAt: number): TicketRows {
  let body: unknown;
  try {
    body = JSON.parse(json) as unknown;
  } catch (error) {
    throw new FicError('malformed_response', 'A stored ticket payload is not valid JSON.', { cause: error });
  }
  return ticketRows(
    parseIntercomResponse(ticketSchema, body, { endpoint: 'GET /tickets/{id}', noun: 'a ticket' }),
    syncedAt,
  );
}

/** The rows of one parsed ticket (see ticketRowsFromPayload). */
export function ticketRows(ticket: Ticket, syncedAt: number): TicketRows {
  const attributes = ticket.ticket_attributes ?? {};
  const listed = ticket.ticket_parts?.ticket_parts ?? [];
  const parts = listed.map((part, position): Insertable<TicketPartsTable> => ({
    ticket_id: ticket.id,
    position,
    id: part.id,
    part_type: part.part_type,
    body_text: part.body === null || part.body === undefined ? null : htmlText(part.body),
    previous_state: part.previous_ticket_state ?? null,
    state: part.ticket_state ?? null,
    created_at: part.created_at,
    updated_at: part.updated_at ?? null,
    author_type: part.author?.type ?? null,
    author_id: part.author?.id ?? null,
    author_name: part.author?.name ?? null,
    assigned_to_type: part.assigned_to?.type ?? null,
    assigned_to_id: part.assigned_to?.id ?? null,
    attachments: attachmentsJson(part.attachments),
    redacted: flag(part.redacted),
  }));
  const contactIds = [...new Set((ticket.contacts?.contacts ?? []).map((contact) => contact.id))];
  const totalCount = ticket.ticket_parts?.total_count ?? parts.length;
  const type = ticket.ticket_type ?? null;
  return {
    ticket: {
      id: ticket.id,
      ticket_number: ticket.ticket_id ?? null,
      category: ticket.category ?? type?.category ?? null,
      ticket_type_id: type?.id ?? null,
      ticket_type_name: type?.name ?? null,
      state_id: ticket.ticket_state?.id ?? null,
      state_category: ticket.ticket_state?.category ?? null,
      state_internal_label: ticket.ticket_state?.internal_label ?? null,
      state_external_label: ticket.ticket_state?.external_label ?? null,
      title: textAttribute(attributes[TITLE]),
      description: textAttribute(attributes[DESCRIPTION]),
      admin_assignee_id: ticket.admin_assignee_id,
      team_assignee_id: ticket.team_assignee_id,
      contact_id: contactIds[0] ?? null,
      created_at: ticket.created_at,
      updated_at: ticket.updated_at,
      open: flag(ticket.open),
      snoozed_until: ticket.snoozed_until ?? null,
      is_shared: ticket.is_shared === undefined || ticket.is_shared === null ? null : flag(ticket.is_shared),
      parts_total_count: totalCount,
      parts_stored: parts.length,
      parts_complete: parts.length >= totalCount ? 1 : 0,
      ticket_attributes: JSON.stringify(attributes),
      synced_at: syncedAt,
    },
    parts,
    contacts: contactIds.map((contact_id, position) => ({ ticket_id: ticket.id, contact_id, position })),
    links: uniqueLinks(ticket),
    type: type === null ? null : ticketTypeRow(type, syncedAt),
  };
}

export function ticketTypeRow(type: TicketType, syncedAt: number): Insertable<TicketTypesTable> {
  return {
    id: type.id,
    name: type.name ?? null,
    description: type.description ?? null,
    icon: type.icon ?? null,
    category: type.category ?? null,
    archived: flag(type.archived),
    is_internal: flag(type.is_internal),
    created_at: type.created_at ?? null,
    updated_at: type.updated_at ?? null,
    synced_at: syncedAt,
  };
}

function uniqueLinks(ticket: Ticket): Insertable<TicketLinksTable>[] {
  const links = new Map<string, Insertable<TicketLinksTable>>();
  for (const object of ticket.linked_objects?.data ?? []) {
    if (object.id === null || object.id === undefined || object.type === null || object.type === undefined)
      continue;
    const key = `${object.type}\u0000${object.id}`;
    if (!links.has(key)) {
      links.set(key, {
        ticket_id: ticket.id,
        object_type: object.type,
        object_id: object.id,
        category: object.category ?? null,
      });
    }
  }
  return [...links.values()];
}

/** Attachments reduced to what a reader needs (name, url, content type, size), or null without any. */
function attachmentsJson(attachments: readonly unknown[] | null | undefined): string | null {
  if (attachments === null || attachments === undefined || attachments.length === 0) return null;
  return JSON.stringify(
    attachments.map((attachment) => {
      const value = (typeof attachment === 'object' && attachment !== null ? attachment : {}) as Record<
        string,
        unknown
      >;
      return {
        name: value.name ?? null,
        url: value.url ?? null,
        content_type: value.content_type ?? null,
        filesize: value.filesize ?? null,
      };
    }),
  );
}

/** Title and description are strings in practice; anything else is kept as its JSON, never lost. */
function textAttribute(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function flag(value: boolean | null | undefined): Flag {
  return value === true ? 1 : 0;
}
