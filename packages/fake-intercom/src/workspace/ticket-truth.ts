import { companyJson } from '../routes/company-routes.js';
import { htmlToPlainText } from './html-text.js';
import { PART_LIMIT } from './part-renderer.js';
import { renderTicket, ticketTypeJson } from './ticket-renderer.js';
import { TICKET_TYPES } from './ticket-types.js';
import type { Workspace } from './workspace.js';

/** The ground truth of tickets, ticket types and companies (see truth.ts). */

export interface TruthTicketPart {
  id: string;
  part_type: string;
  /** HTML as the API sends it (null for state changes, assignments and attribute updates). */
  body: string | null;
  body_text: string | null;
  author: { type: string; id: string };
  author_type: string;
  author_id: string;
  created_at: number;
  /** State changes: the state categories before and after. */
  previous_ticket_state?: string;
  ticket_state?: string;
  /** Assignments: the admin id assigned (null: unassigned). */
  assigned_to?: string | null;
  /** Attribute updates: the attribute's label and the new value as the API labels it. */
  updated_attribute?: { id: string; label: string; value: string };
}

export interface TruthTicket {
  id: string;
  /** The number the inbox shows. */
  ticket_id: string;
  /** Customer, Back-office or Tracker. */
  category: string;
  ticket_type_id: string;
  ticket_type_name: string;
  /** The state's category (submitted, in_progress, waiting_on_customer, resolved) and the state itself. */
  state: string;
  ticket_state_id: string;
  ticket_state_internal_label: string;
  ticket_state_external_label: string;
  previous_ticket_state_id: string | null;
  title: string | null;
  description: string | null;
  /** Every attribute as sent, `_default_title_` and `_default_description_` included. */
  ticket_attributes: Record<string, unknown>;
  contact_ids: string[];
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  created_at: number;
  updated_at: number;
  open: boolean;
  snoozed_until: number | null;
  is_shared: boolean;
  /** Linked conversations (and tickets) as `{type, id}`. */
  linked_objects: { type: string; id: string }[];
  parts_total_count: number;
  /** Parts the API shows: at most the 500 most recent, oldest first. */
  parts: TruthTicketPart[];
  /** Every part ever, oldest first; `parts` is its tail. */
  parts_all: TruthTicketPart[];
}

export type TruthCompany = Record<string, unknown> & {
  id: string;
  name: string;
  /** Live contacts of the company, by contact id. */
  contact_ids: string[];
};

interface RenderedTicketPart {
  id: string;
  part_type: string;
  body: string | null;
  author: { type: string; id: string };
  created_at: number;
  previous_ticket_state?: string;
  ticket_state?: string;
  assigned_to?: { id: string } | null;
  updated_attribute_data?: { attribute: { id: string; label: string }; value: { label: string } };
}

interface RenderedTicket {
  id: string;
  ticket_id: string;
  category: string;
  ticket_type: { id: string; name: string };
  ticket_state: { id: string; category: string; internal_label: string; external_label: string };
  previous_ticket_state_id: string | null;
  ticket_attributes: Record<string, unknown>;
  contacts: { contacts: { id: string }[] };
  admin_assignee_id: number;
  team_assignee_id: number;
  created_at: number;
  updated_at: number;
  open: boolean;
  snoozed_until?: number;
  is_shared: boolean;
  linked_objects: { data: { type: string; id: string }[] };
  ticket_parts: { ticket_parts: RenderedTicketPart[]; total_count: number };
}

function truthPart(part: RenderedTicketPart): TruthTicketPart {
  const truth: TruthTicketPart = {
    id: part.id,
    part_type: part.part_type,
    body: part.body,
    body_text: part.body === null ? null : htmlToPlainText(part.body),
    author: { type: part.author.type, id: part.author.id },
    author_type: part.author.type,
    author_id: part.author.id,
    created_at: part.created_at,
  };
  if (part.ticket_state !== undefined) {
    truth.previous_ticket_state = part.previous_ticket_state ?? '';
    truth.ticket_state = part.ticket_state;
  }
  if (part.assigned_to !== undefined) truth.assigned_to = part.assigned_to?.id ?? null;
  const data = part.updated_attribute_data;
  if (data !== undefined)
    truth.updated_attribute = { id: data.attribute.id, label: data.attribute.label, value: data.value.label };
  return truth;
}

const nullIfZero = (id: number): string | null => (id === 0 ? null : String(id));
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function ticketsTruth(workspace: Workspace): TruthTicket[] {
  const tickets: TruthTicket[] = [];
  for (let index = 0; index < workspace.tickets.count; index++) {
    if (workspace.tickets.isDeleted(index)) continue;
    const t = renderTicket(workspace, index, { allParts: true }) as unknown as RenderedTicket;
    const all = t.ticket_parts.ticket_parts.map(truthPart);
    tickets.push({
      id: t.id,
      ticket_id: t.ticket_id,
      category: t.category,
      ticket_type_id: t.ticket_type.id,
      ticket_type_name: t.ticket_type.name,
      state: t.ticket_state.category,
      ticket_state_id: t.ticket_state.id,
      ticket_state_internal_label: t.ticket_state.internal_label,
      ticket_state_external_label: t.ticket_state.external_label,
      previous_ticket_state_id: t.previous_ticket_state_id,
      title: textOrNull(t.ticket_attributes._default_title_),
      description: textOrNull(t.ticket_attributes._default_description_),
      ticket_attributes: t.ticket_attributes,
      contact_ids: t.contacts.contacts.map((contact) => contact.id),
      admin_assignee_id: nullIfZero(t.admin_assignee_id),
      team_assignee_id: nullIfZero(t.team_assignee_id),
      created_at: t.created_at,
      updated_at: t.updated_at,
      open: t.open,
      snoozed_until: t.snoozed_until ?? null,
      is_shared: t.is_shared,
      linked_objects: t.linked_objects.data.map(({ type, id }) => ({ type, id })),
      parts_total_count: t.ticket_parts.total_count,
      parts: all.slice(-PART_LIMIT),
      parts_all: all,
    });
  }
  return tickets;
}

export function ticketTypesTruth(workspace: Workspace): Record<string, unknown>[] {
  return TICKET_TYPES.map((type) => ticketTypeJson(workspace, type, true));
}

export function companiesTruth(workspace: Workspace): TruthCompany[] {
  const companies = workspace.companies;
  const result: TruthCompany[] = [];
  for (let index = 0; index < companies.count; index++) {
    const company = companies.company(index);
    result.push({
      ...companyJson(company, workspace),
      id: company.id,
      name: company.name,
      contact_ids: companies.contactsOf(index).map((contact) => workspace.directory.contact(contact).id),
    });
  }
  return result;
}
