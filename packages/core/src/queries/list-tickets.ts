import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { optionalText, parseLimit } from './query-input.js';
import { all, one } from './statement-cache.js';
import type { ListTicketsInput, TicketListResult } from './ticket-query-types.js';
import { TICKET_SUMMARY_COLUMNS, TICKET_SUMMARY_FROM, ticketSummary } from './ticket-record.js';
import { requireTicketTables } from './ticket-record.js';
import type { TicketSummaryRow } from './ticket-record.js';

export const TICKETS_DEFAULT_LIMIT = 20;
export const TICKETS_MAX_LIMIT = 100;

/**
 * Tickets most recently updated first, filtered by state (a category such as `resolved`, or a label the
 * workspace gave a state, case-insensitive), ticket type (id or name), category, open, or contact.
 */
export function listTickets(database: FicDatabase, input: ListTicketsInput = {}): TicketListResult {
  const limit = parseLimit(input.limit, 'limit', TICKETS_DEFAULT_LIMIT, TICKETS_MAX_LIMIT);
  requireTicketTables(database);
  const { where, params } = ticketFilterSql(input);
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const rows = all<TicketSummaryRow>(
    database,
    `SELECT ${TICKET_SUMMARY_COLUMNS} FROM ${TICKET_SUMMARY_FROM} ${clause}
      ORDER BY t.updated_at DESC, t.row_id DESC LIMIT ?`,
    [...params, limit],
  );
  const total = one<{ total: number }>(database, `SELECT count(*) AS total FROM tickets t ${clause}`, params);
  return { tickets: rows.map(ticketSummary), total: total?.total ?? 0 };
}

/** The ticket filters as conditions on `tickets t`, to AND. */
export function ticketFilterSql(input: ListTicketsInput): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const state = optionalText(input.state, 'state');
  if (state !== undefined) {
    where.push(
      `(t.state_category = ? OR t.state_internal_label = ? COLLATE NOCASE OR t.state_external_label = ? COLLATE NOCASE)`,
    );
    params.push(state.toLowerCase().replace(/[\s-]+/g, '_'), state, state);
  }
  const type = optionalText(input.type, 'type');
  if (type !== undefined) {
    where.push(
      `(t.ticket_type_id = ? OR t.ticket_type_id IN (SELECT id FROM ticket_types WHERE name = ? COLLATE NOCASE)
        OR t.ticket_type_name = ? COLLATE NOCASE)`,
    );
    params.push(type, type, type);
  }
  const category = optionalText(input.category, 'category');
  if (category !== undefined) {
    where.push(`replace(t.category, '-', '') = replace(?, '-', '') COLLATE NOCASE`);
    params.push(category);
  }
  if (input.open !== undefined) {
    if (typeof input.open !== 'boolean') {
      throw new FicError('invalid_input', 'open must be true or false', { details: { field: 'open' } });
    }
    where.push('t.open = ?');
    params.push(input.open ? 1 : 0);
  }
  const contactId = optionalText(input.contactId, 'contactId');
  if (contactId !== undefined) {
    where.push('t.id IN (SELECT ticket_id FROM ticket_contacts WHERE contact_id = ?)');
    params.push(contactId);
  }
  const email = optionalText(input.customerEmail, 'customerEmail');
  if (email !== undefined) {
    where.push(
      `t.id IN (SELECT tc.ticket_id FROM contacts ct JOIN ticket_contacts tc ON tc.contact_id = ct.id
                 WHERE ct.email = ? COLLATE NOCASE)`,
    );
    params.push(email);
  }
  return { where, params };
}
