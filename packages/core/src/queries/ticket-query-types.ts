import type { PersonRef, TeamPerformanceResult, TeamRef } from './query-types.js';

/** Where a ticket stands: Intercom's category and the two labels a workspace gives it. */
export interface TicketStateRef {
  /** submitted | in_progress | waiting_on_customer | resolved */
  category: string | null;
  internalLabel: string | null;
  externalLabel: string | null;
}

/** A ticket as lists show it. */
export interface TicketSummary {
  id: string;
  /** The number the Inbox shows (#40). */
  ticketNumber: string | null;
  /** Customer | Back-office | Tracker */
  category: string | null;
  type: { id: string; name: string | null } | null;
  state: TicketStateRef;
  title: string | null;
  open: boolean;
  customer: PersonRef | null;
  createdAt: string;
  createdAtUnix: number;
  updatedAt: string;
  updatedAtUnix: number;
}

export interface TicketMessage {
  id: string;
  position: number;
  partType: string;
  authorType: string | null;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  createdAtUnix: number;
  body: string | null;
  /** For state changes: the state before and after. */
  previousState: string | null;
  state: string | null;
  attachments: { name: string | null; url: string | null; contentType: string | null; size: number | null }[];
}

export interface TicketDetail extends TicketSummary {
  description: string | null;
  snoozedUntil: string | null;
  shared: boolean | null;
  contacts: PersonRef[];
  adminAssignee: PersonRef | null;
  teamAssignee: TeamRef | null;
  /** Every ticket attribute as Intercom sent it (title and description included). */
  attributes: Record<string, unknown>;
  /** Conversations and tickets Intercom links this ticket to. */
  linkedObjects: { type: string; id: string; category: string | null }[];
  /** Parts oldest first, from `fromPosition`, at most maxParts. */
  messages: TicketMessage[];
  /** Parts after the ones returned (read them with fromPosition), or null. */
  omitted: { count: number; fromPosition: number } | null;
  partsTotalCount: number;
  partsStored: number;
  truncatedByIntercom: boolean;
}

export interface GetTicketInput {
  /** Intercom's ticket id, or the Inbox number (#40 or 40). */
  id: string;
  /** Default 50, at most 500. */
  maxParts?: number;
  /** Read the thread from this part position on (an earlier answer's omitted.fromPosition). */
  fromPosition?: number;
  includeNotes?: boolean;
}

export interface ListTicketsInput {
  /** A state category (submitted, in_progress, waiting_on_customer, resolved) or a state label. */
  state?: string;
  /** A ticket type id or name. */
  type?: string;
  /** Customer | Back-office | Tracker */
  category?: string;
  open?: boolean;
  /** Tickets of this contact only. */
  contactId?: string;
  /** Tickets with a contact of this email (case-insensitive). */
  customerEmail?: string;
  /** Default 20, at most 100. */
  limit?: number;
}

export interface TicketListResult {
  tickets: TicketSummary[];
  /** Tickets matching the filters (the list shows the `limit` most recently updated). */
  total: number;
}

export interface CompanyProfile {
  id: string;
  companyId: string | null;
  name: string | null;
  plan: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthlySpend: number | null;
  sessionCount: number | null;
  userCount: number | null;
  createdAt: string | null;
  lastRequestAt: string | null;
  customAttributes: Record<string, unknown>;
  tags: string[];
}

export interface CompanyConversationRef {
  id: string;
  title: string | null;
  state: string;
  customer: PersonRef | null;
  updatedAt: string;
}

export interface CompanyContextResult {
  company: CompanyProfile;
  contacts: PersonRef[];
  contactCount: number;
  recentConversations: CompanyConversationRef[];
  recentTickets: TicketSummary[];
  /** Team metrics over the company's conversations created in the period. */
  teamPerformance: TeamPerformanceResult;
}

export interface GetCompanyContextInput {
  /** Intercom's id, the workspace's company_id, or the name (case-insensitive). */
  company: string;
  /** Contacts, conversations and tickets listed, each; default 20, at most 100. */
  limit?: number;
  /** Team metrics period (default the last 30 days). */
  since?: string;
  until?: string;
  now?: number;
}

export interface SearchTicketsInput extends ListTicketsInput {
  /** Words to find in ticket titles, descriptions and replies: the same language as conversation search. */
  query?: string;
  /** next_cursor from a previous page. */
  cursor?: string;
}

export interface TicketHit extends TicketSummary {
  /** Best matching fragment; matched terms wrapped in ** (Markdown bold). Empty without a query. */
  snippet: string;
  /** Whether the ticket holds every word of the query. */
  allTerms: boolean;
}

export interface SearchTicketsResult {
  hits: TicketHit[];
  /** What the search did, in a sentence (which words it ORed, ignored...). */
  note: string;
  nextCursor: string | null;
}
