import type { LaggedSearchIndex } from '../realism/search-index-lag.js';
import type { TicketRecord } from '../workspace/ticket-generator.js';
import { stateCategory } from '../workspace/ticket-generator.js';
import type { TicketSummary } from '../workspace/ticket-store.js';
import { summarizeTicket } from '../workspace/ticket-store.js';
import type { AttributeDataType } from '../workspace/ticket-types.js';
import { CATEGORY_SEARCH_TERMS, RESOLVED, TICKET_TYPES, attributesOf } from '../workspace/ticket-types.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseSort } from './conversation-search.js';
import type { SortedResult } from './result-pager.js';
import { sortResult } from './result-pager.js';
import type { FieldSpec, FieldTable, FieldType } from './search-dsl.js';
import { SearchQueryError, compileQuery } from './search-dsl.js';

/**
 * `POST /tickets/search`: the conversation search's query language, pager and lagging index over the
 * fields the 2.16 spec lists for tickets. `category` takes the spec's search terms (request, task,
 * tracker), not the category names; `ticket_attribute.{id}` filters on one attribute.
 */

export interface TicketRow {
  workspace: Workspace;
  ticket: TicketRecord;
  summary: TicketSummary;
  updatedAt: number;
}

const FIELD_TYPES: Record<AttributeDataType, FieldType> = {
  string: 'string',
  list: 'string',
  integer: 'integer',
  decimal: 'integer',
  boolean: 'boolean',
  datetime: 'date',
};

function attributeFields(): FieldTable<TicketRow> {
  const fields: FieldTable<TicketRow> = {};
  for (const type of TICKET_TYPES)
    for (const attribute of attributesOf(type)) {
      const spec: FieldSpec<TicketRow> = {
        type: FIELD_TYPES[attribute.dataType],
        get: (row) => row.ticket.attributes[attribute.name] ?? null,
      };
      fields[`ticket_attribute.${attribute.id}`] = spec;
    }
  return fields;
}

const adminId = (row: TicketRow, admin: number): string =>
  admin >= 0 ? row.workspace.directory.admin(admin).id : '0';

export const TICKET_FIELDS: FieldTable<TicketRow> = {
  id: { type: 'string', get: (row) => row.ticket.id },
  created_at: { type: 'date', get: (row) => row.ticket.createdAt },
  updated_at: { type: 'date', get: (row) => row.updatedAt },
  title: { type: 'string', get: (row) => row.ticket.attributes._default_title_ ?? null },
  description: { type: 'string', get: (row) => row.ticket.attributes._default_description_ ?? null },
  category: {
    type: 'string',
    get: (row) => {
      const type = TICKET_TYPES[row.ticket.typeIndex];
      return type === undefined ? null : CATEGORY_SEARCH_TERMS[type.category];
    },
  },
  ticket_type_id: { type: 'string', get: (row) => TICKET_TYPES[row.ticket.typeIndex]?.id ?? null },
  contact_ids: {
    type: 'string',
    get: (row) => row.ticket.contactIndexes.map((contact) => row.workspace.directory.contact(contact).id),
  },
  teammate_ids: { type: 'string', get: (row) => row.summary.teammates.map((admin) => adminId(row, admin)) },
  admin_assignee_id: { type: 'string', get: (row) => adminId(row, row.summary.adminAssignee) },
  team_assignee_id: {
    type: 'string',
    get: (row) =>
      row.summary.teamAssignee >= 0 ? row.workspace.directory.team(row.summary.teamAssignee).id : '0',
  },
  open: { type: 'boolean', get: (row) => row.summary.state !== RESOLVED },
  state: { type: 'string', get: (row) => stateCategory(row.summary.state) },
  snoozed_until: { type: 'date', get: (row) => row.ticket.snoozedUntil },
  ...attributeFields(),
};

const TICKET_SORT_FIELDS: Record<string, (row: TicketRow) => number> = {
  updated_at: (row) => row.updatedAt,
  created_at: (row) => row.ticket.createdAt,
  id: (row) => row.ticket.index,
};

export interface TicketSearchResult extends SortedResult {
  /** The updated_at search shows where it differs from the record's (index lag). */
  indexedUpdatedAt: ReadonlyMap<number, number>;
}

/** Runs one ticket search against the record store as its (lagging) index sees it. */
export function searchTickets(
  workspace: Workspace,
  index: LaggedSearchIndex | undefined,
  query: unknown,
  sort: unknown,
): TicketSearchResult {
  const { field, descending } = parseSort(sort, TICKET_SORT_FIELDS);
  const key = TICKET_SORT_FIELDS[field];
  if (key === undefined) throw new SearchQueryError('parameter_invalid', `Cannot sort by ${field}.`);
  const predicate = query === null ? () => true : compileQuery(query, TICKET_FIELDS);
  const view = index?.view();
  const tickets = workspace.tickets;
  const rows = new Map<number, TicketRow>();
  const indexedUpdatedAt = new Map<number, number>();
  for (let ticketIndex = 0; ticketIndex < tickets.count; ticketIndex++) {
    const seen = view?.get(ticketIndex);
    if (seen === undefined ? tickets.isDeleted(ticketIndex) : seen === null || seen.removed) continue;
    const ticket = tickets.ticket(ticketIndex);
    const summary = summarizeTicket(ticket);
    const updatedAt = seen?.updatedAt ?? summary.updatedAt;
    if (updatedAt !== summary.updatedAt) indexedUpdatedAt.set(ticketIndex, updatedAt);
    const row = { workspace, ticket, summary, updatedAt };
    if (predicate(row)) rows.set(ticketIndex, row);
  }
  const sorted = sortResult(
    [...rows.keys()],
    (ticketIndex) => {
      const row = rows.get(ticketIndex);
      return row === undefined ? 0 : key(row);
    },
    descending,
  );
  return { ...sorted, indexedUpdatedAt };
}
