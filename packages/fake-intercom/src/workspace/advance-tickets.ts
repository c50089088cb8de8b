import type { CompanyEdit } from './company-directory.js';
import { ACCOUNT_TIERS, PLAN_NAMES } from './company-names.js';
import { Random, hashSeed } from './random.js';
import type { TicketPartRecord } from './ticket-generator.js';
import { summarizeTicket } from './ticket-store.js';
import { RESOLVED, SUBMITTED, TICKET_TYPES } from './ticket-types.js';
import type { Workspace } from './workspace.js';

/**
 * advance()'s ticket and company changes. They draw from a stream of their own (salt 0x7ad), so asking
 * for them leaves the conversation changes a seed gives as they were, and a workspace asked for none
 * never generates its tickets or companies.
 */

export interface TicketChanges {
  /** New tickets (no parts yet), created at `at`. */
  newTickets?: number;
  /** A comment (customer tickets: the customer's or a teammate's) or a note on an open ticket. */
  ticketReplies?: number;
  /** A ticket moves to its next state (submitted -> in progress -> waiting / resolved; resolved reopens). */
  ticketStateChanges?: number;
  /** A teammate retitles a ticket (a `ticket_attribute_updated_by_admin` part). */
  ticketAttributeEdits?: number;
  /** Tickets deleted: GET answers 404, ticket search drops them (through the index lag). */
  ticketDeletions?: number;
  /** Companies get a new plan, monthly spend and custom attributes, and `updated_at = at`. */
  companyEdits?: number;
}

export interface TicketResult {
  createdTickets: string[];
  /** Tickets changed (their updated_at is now `at`), deleted ones left out. */
  updatedTickets: string[];
  deletedTickets: string[];
  /** Company ids. */
  companyEdits: string[];
}

const ATTEMPTS = 40;
const PLAN_IDS = ['269315', '269316', '269317', '269318', '269319'];

function pickTicket(
  workspace: Workspace,
  random: Random,
  at: number,
  accept: (state: number) => boolean,
): number {
  const tickets = workspace.tickets;
  const live = (index: number): boolean => {
    if (tickets.isDeleted(index)) return false;
    const summary = summarizeTicket(tickets.ticket(index));
    return summary.updatedAt <= at && accept(summary.state);
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const index = random.int(tickets.count);
    if (live(index)) return index;
  }
  for (let index = tickets.count - 1; index >= 0; index--) if (live(index)) return index;
  return -1;
}

function nextState(random: Random, state: number): number {
  switch (state) {
    case SUBMITTED:
      return random.chance(0.6) ? 1 : 2;
    case 1:
    case 2:
      return random.chance(0.4) ? 3 : RESOLVED;
    case 3:
      return 1;
    default:
      return 1; // a resolved ticket reopens
  }
}

export function advanceTickets(workspace: Workspace, changes: TicketChanges, at: number): TicketResult {
  const result: TicketResult = {
    createdTickets: [],
    updatedTickets: [],
    deletedTickets: [],
    companyEdits: [],
  };
  const ticketCount =
    (changes.newTickets ?? 0) +
    (changes.ticketReplies ?? 0) +
    (changes.ticketStateChanges ?? 0) +
    (changes.ticketAttributeEdits ?? 0) +
    (changes.ticketDeletions ?? 0);
  if (ticketCount === 0 && (changes.companyEdits ?? 0) === 0) return result;
  const tickets = workspace.tickets;
  const random = new Random(hashSeed(workspace.seed, 0x7ad, workspace.version, tickets.version));
  const adminCount = workspace.directory.admins.length;
  const updated = new Set<string>();
  const append = (index: number, part: TicketPartRecord): void => {
    tickets.appendParts(index, [part]);
    updated.add(tickets.ticket(index).id);
  };
  const adminOf = (index: number): number => {
    const assignee = summarizeTicket(tickets.ticket(index)).adminAssignee;
    return assignee >= 0 ? assignee : random.int(adminCount);
  };
  for (let i = 0; i < (changes.newTickets ?? 0); i++) {
    const index = tickets.add((newIndex) => ({
      ...tickets.draw(newIndex),
      createdAt: at,
      parts: [],
      snoozedUntil: null,
      touchedAt: 0,
    }));
    result.createdTickets.push(tickets.ticket(index).id);
  }
  for (let i = 0; i < (changes.ticketReplies ?? 0); i++) {
    const index = pickTicket(workspace, random, at, (state) => state !== RESOLVED);
    if (index < 0) break;
    const ticket = tickets.ticket(index);
    const customer = TICKET_TYPES[ticket.typeIndex]?.category === 'Customer';
    const requester = ticket.contactIndexes[0] ?? -1;
    const fromContact = customer && requester >= 0 && random.chance(0.5);
    append(index, {
      kind: customer ? 'comment' : 'note',
      author: fromContact ? 'contact' : 'admin',
      admin: fromContact ? -1 : adminOf(index),
      contact: fromContact ? requester : -1,
      at,
      seed: random.uint32(),
    });
  }
  for (let i = 0; i < (changes.ticketStateChanges ?? 0); i++) {
    const index = pickTicket(workspace, random, at, (state) => state !== RESOLVED || random.chance(0.1));
    if (index < 0) break;
    const state = nextState(random, summarizeTicket(tickets.ticket(index)).state);
    append(index, { kind: 'state', author: 'admin', admin: adminOf(index), contact: -1, at, seed: 0, state });
  }
  for (let i = 0; i < (changes.ticketAttributeEdits ?? 0); i++) {
    const index = pickTicket(workspace, random, at, () => true);
    if (index < 0) break;
    const title = String(tickets.ticket(index).attributes._default_title_ ?? 'Ticket');
    const value = `${title.replace(/ \(follow-up \d+\)$/, '')} (follow-up ${random.between(2, 99)})`;
    append(index, {
      kind: 'attribute',
      author: 'admin',
      admin: adminOf(index),
      contact: -1,
      at,
      seed: 0,
      attribute: { name: '_default_title_', value },
    });
  }
  for (let i = 0; i < (changes.ticketDeletions ?? 0); i++) {
    const index = pickTicket(workspace, random, at, () => true);
    if (index < 0) break;
    tickets.delete(index, at);
    const id = tickets.ticket(index).id;
    updated.delete(id);
    result.deletedTickets.push(id);
  }
  const companies = workspace.companies;
  for (let i = 0; i < (changes.companyEdits ?? 0) && companies.count > 0; i++) {
    const index = random.int(companies.count);
    const company = companies.company(index);
    const planIndex = random.int(PLAN_NAMES.length);
    const edit: CompanyEdit = {
      plan: { id: PLAN_IDS[planIndex] ?? '0', name: PLAN_NAMES[planIndex] ?? 'Free' },
      monthlySpend: planIndex === 0 ? 0 : Math.round(random.logUniform(20, 50_000)),
      customAttributes: { ...company.customAttributes, account_tier: random.pick(ACCOUNT_TIERS) },
      updatedAt: Math.max(at, company.updatedAt),
    };
    companies.editCompany(index, edit);
    if (!result.companyEdits.includes(company.id)) result.companyEdits.push(company.id);
  }
  result.updatedTickets = [...updated].filter((id) => !result.createdTickets.includes(id));
  return result;
}
