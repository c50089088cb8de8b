import type { FicDatabase } from '../db/open-database.js';
import { FicError } from '../errors.js';
import { isoTime } from './query-input.js';
import type { PersonRef } from './query-types.js';
import { all, one } from './statement-cache.js';
import type { TicketSummary } from './ticket-query-types.js';

/** The columns a ticket summary reads (ticket `t`, its customer `ct`). */
export const TICKET_SUMMARY_COLUMNS = `t.id, t.ticket_number, t.category, t.ticket_type_id,
  coalesce(tt.name, t.ticket_type_name) AS ticket_type_name, t.state_category, t.state_internal_label,
  t.state_external_label, t.title, t.open, t.contact_id, ct.name AS contact_name, ct.email AS contact_email,
  t.created_at, t.updated_at`;

/** FROM clause matching TICKET_SUMMARY_COLUMNS. */
export const TICKET_SUMMARY_FROM = `tickets t
  LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id
  LEFT JOIN contacts ct ON ct.id = t.contact_id`;

export interface TicketSummaryRow {
  id: string;
  ticket_number: string | null;
  category: string | null;
  ticket_type_id: string | null;
  ticket_type_name: string | null;
  state_category: string | null;
  state_internal_label: string | null;
  state_external_label: string | null;
  title: string | null;
  open: number;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: number;
  updated_at: number;
}

export function ticketSummary(row: TicketSummaryRow): TicketSummary {
  return {
    id: row.id,
    ticketNumber: row.ticket_number,
    category: row.category,
    type: row.ticket_type_id === null ? null : { id: row.ticket_type_id, name: row.ticket_type_name },
    state: {
      category: row.state_category,
      internalLabel: row.state_internal_label,
      externalLabel: row.state_external_label,
    },
    title: row.title,
    open: row.open === 1,
    customer:
      row.contact_id === null
        ? null
        : { id: row.contact_id, name: row.contact_name, email: row.contact_email },
    createdAt: isoTime(row.created_at),
    createdAtUnix: row.created_at,
    updatedAt: isoTime(row.updated_at),
    updatedAtUnix: row.updated_at,
  };
}

/** Summaries of the tickets with these FTS rowids (tickets_fts), in the order given; unknown rowids are skipped. */
export function ticketSummariesByRowId(database: FicDatabase, rowIds: readonly number[]): TicketSummary[] {
  if (rowIds.length === 0) return [];
  const rows = all<TicketSummaryRow & { row_id: number }>(
    database,
    `SELECT t.row_id, ${TICKET_SUMMARY_COLUMNS} FROM ${TICKET_SUMMARY_FROM}
      WHERE t.row_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(rowIds)],
  );
  const byRowId = new Map(rows.map((row) => [row.row_id, ticketSummary(row)]));
  return rowIds.flatMap((rowId) => {
    const found = byRowId.get(rowId);
    return found === undefined ? [] : [found];
  });
}

/** A ticket's contacts in Intercom's order, named from the contacts table where it has them. */
export function ticketContacts(database: FicDatabase, ticketId: string): PersonRef[] {
  return all<PersonRef>(
    database,
    `SELECT tc.contact_id AS id, ct.name, ct.email FROM ticket_contacts tc
       LEFT JOIN contacts ct ON ct.id = tc.contact_id
      WHERE tc.ticket_id = ? ORDER BY tc.position`,
    [ticketId],
  );
}

/** The tickets of any of these contacts, most recently updated first. */
export function ticketsOfContacts(
  database: FicDatabase,
  contactIds: readonly string[],
  limit: number,
): TicketSummary[] {
  if (contactIds.length === 0 || !hasTicketTables(database)) return [];
  return all<TicketSummaryRow>(
    database,
    `SELECT ${TICKET_SUMMARY_COLUMNS} FROM ${TICKET_SUMMARY_FROM}
      WHERE t.id IN (SELECT ticket_id FROM ticket_contacts WHERE contact_id IN (SELECT value FROM json_each(?)))
      ORDER BY t.updated_at DESC, t.row_id DESC LIMIT ?`,
    [JSON.stringify(contactIds), limit],
  ).map(ticketSummary);
}

/**
 * Whether the file has the ticket and company tables (migration 0006): a read-only open does not
 * migrate, so a copy last synced by an older fic lacks them until its next sync.
 */
export function hasTicketTables(database: FicDatabase): boolean {
  return (
    one(database, `SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'tickets'`) !==
    undefined
  );
}

/** FicError('empty_database') for a copy without the ticket tables yet. */
export function requireTicketTables(database: FicDatabase): void {
  if (hasTicketTables(database)) return;
  throw new FicError(
    'empty_database',
    `${database.path} has no tickets or companies yet: it was last synced by an older fic. Run fic sync to add them.`,
  );
}
