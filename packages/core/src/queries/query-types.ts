import type { AttributeComparison } from './attribute-filters.js';
/**
 * Inputs and results of every query. Each query is a SYNCHRONOUS function (better-sqlite3 is
 * synchronous) exported from '@fastintercom/core', taking the open database and an input object:
 *   searchConversations(database: FicDatabase, input: SearchConversationsInput): SearchConversationsResult
 *   getConversation(database, input: GetConversationInput): ConversationDetail
 *   getConversationSummary(database, input: GetConversationSummaryInput): ConversationSummaryResult
 *   getCustomerContext(database, input: GetCustomerContextInput): CustomerContextResult
 *   getRecentConversations(database, input: GetRecentConversationsInput): RecentConversationsResult
 *   getTeamPerformance(database, input: GetTeamPerformanceInput): TeamPerformanceResult
 *   getSyncStatus(database, input?: GetSyncStatusInput): SyncStatusResult
 * Errors are thrown as FicError.
 * Inputs are camelCase and validated by the query (bad values throw
 * FicError 'invalid_input', unknown ids 'not_found', a database without conversations 'empty_database').
 * Results are plain JSON: ids are strings, timestamps are ISO 8601 UTC strings (with Unix seconds next
 * to them where arithmetic is likely), durations are whole seconds, booleans are booleans.
 *
 * Shared input conventions:
 * - `since` / `until`: an ISO date or date-time ('2026-01-31', '2026-01-31T12:00:00Z') or a span back
 *   from now ('90m', '24h', '7d', '2w'). `since` is inclusive, `until` exclusive. A bare date means
 *   00:00 UTC of that day.
 * - `now`: Unix seconds to use as "now" (tests); default the real clock.
 * - `cursor`: opaque, from the previous page's `nextCursor`; `nextCursor` is null on the last page.
 *   A cursor is only valid with the same query and filters that produced it.
 */

export type ConversationState = 'open' | 'closed' | 'snoozed';

/** Which timestamp `since` / `until` filter on: last activity (default) or creation. */
export type DateField = 'updated' | 'created';

import type { TicketSummary } from './ticket-query-types.js';

export interface PersonRef {
  id: string;
  name: string | null;
  email: string | null;
}

export interface TeamRef {
  id: string;
  name: string | null;
}

export interface TagRef {
  id: string;
  name: string;
}

export interface Rating {
  /** 1..5 as Intercom sends it. */
  value: number;
  remark: string | null;
  createdAt: string | null;
  teammate: PersonRef | null;
}

/** Filters shared by search and recent conversations. */
export interface ConversationFilters {
  state?: ConversationState;
  since?: string;
  until?: string;
  /** Default 'updated'. */
  dateField?: DateField;
  /** Any contact of the conversation has this email (case-insensitive). */
  customerEmail?: string;
  /** Admin assignee by id, email or name (case-insensitive). */
  adminAssignee?: string;
  /** Team assignee by id or name (case-insensitive). */
  teamAssignee?: string;
  /** Tag by id or name (case-insensitive). */
  tag?: string;
  /**
   * Custom attribute comparisons, all of which must hold: 'NAME OP VALUE' text ("Plan=Enterprise",
   * "CX Score rating<=2") or parts. OP is = != < <= > >= or ~ (contains). See attribute-filters.ts.
   */
  attributes?: readonly (string | AttributeComparison)[];
  /** CX Score (Intercom's 1-5 AI rating of the conversation) bound: '<=2', '>=4', '=3' or a number. */
  cxScore?: string | number;
  /** Fin (Intercom's AI agent): whether it took part and how it ended. */
  aiAgent?: AiAgentFilter;
  /** SLA status: hit | missed | cancelled | active. */
  slaStatus?: SlaStatus;
  now?: number;
}

/**
 * participated / not_participated: whether Fin took part; resolved: assumed or confirmed resolution;
 * handed_over: escalated or a procedure handoff to the team; the rest are Intercom's own states.
 */
export type AiAgentFilter =
  | 'participated'
  | 'not_participated'
  | 'resolved'
  | 'handed_over'
  | 'assumed_resolution'
  | 'confirmed_resolution'
  | 'escalated'
  | 'negative_feedback'
  | 'procedure_handoff';

export type SlaStatus = 'hit' | 'missed' | 'cancelled' | 'active';

// ---------------------------------------------------------------------------------------------------
// searchConversations

export interface SearchConversationsInput extends ConversationFilters {
  /**
   * Words to find in subjects and every message body (stemmed, diacritics ignored). The words are
   * matched with OR and ranked: conversations holding all of them first, then more of the words and
   * rarer ones; stopwords are ignored. "double quotes" make an exact phrase, a trailing * a prefix
   * (`refund*`), `-word` or `NOT word` excludes, `a OR b` joins alternatives, `a AND b` requires both.
   * Absent or blank: the newest conversations the filters keep (at least one filter needed).
   */
  query?: string;
  /** Default 10, at most 50. */
  limit?: number;
  cursor?: string;
}

export type SearchOrder = 'relevance' | 'recency';

export interface SearchHit {
  id: string;
  /** Title, else the opening message's subject, else null. */
  subject: string | null;
  state: string;
  /** Best matching fragment; matched terms wrapped in ** (Markdown bold), cuts marked with …. */
  snippet: string;
  customerEmail: string | null;
  customerName: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Relevance, higher is better (negated bm25, subject weighted 2x body); ties ordered by recency. Null
   * when nothing ranks the hits: in recency order (too many matches to rank) and without a query.
   */
  score: number | null;
  /** The conversation holds every term of the query (always true when the search was not widened). */
  allTerms: boolean;
}

export interface SearchConversationsResult {
  /** The FTS5 expression the words were turned into (for transparency); '' without a query. */
  matchExpression: string;
  /**
   * The query had several words and hits may hold only some of them (they were ORed). Hits holding
   * all come first in relevance order.
   */
  widened: boolean;
  /** When widened: conversations (after filters) holding every term, counted up to 1,000. Else null. */
  allTermsMatches: number | null;
  /** Stopwords the query dropped. */
  ignoredWords: string[];
  /** Words too common to widen the search: they rank hits without adding any. */
  rankedOnly: string[];
  /** What the search did with the query, in a sentence or two. */
  note: string;
  /**
   * 'relevance' (best match first, then newest activity) unless more than 5,000 conversations match:
   * then 'recency' (newest activity first), as words that common cannot rank; narrow the query or
   * add filters for relevance. A cursor keeps the order of its first page.
   */
  order: SearchOrder;
  hits: SearchHit[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------------
// getConversation

export interface GetConversationInput {
  id: string;
  /** Include internal notes. Default true. */
  includeNotes?: boolean;
  /** Most conversation parts to return (the opening message is extra). Default 50, 1..500. */
  maxParts?: number;
  /**
   * Read the thread in order from this part position (e.g. an `omitted.fromPosition`): up to maxParts
   * parts from there, no opening message, and `omitted` for the parts after them. Default: the whole
   * thread, its start and end kept.
   */
  fromPosition?: number;
}

export interface ConversationMessage {
  /** Part id; null for the opening message. */
  id: string | null;
  /** 0-based part position, oldest first; -1 for the opening message. */
  position: number;
  /** 'source' for the opening message, else Intercom's part type: comment, note, assignment, close, ... */
  partType: string;
  /** admin | bot | user | lead | contact | team, or null. */
  authorType: string | null;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  createdAtUnix: number;
  /** Plain text; null for parts without a body (assignments, closes...). */
  body: string | null;
  /** Assignment parts: whom it was assigned to. */
  assignedTo: { type: string | null; id: string | null; name: string | null } | null;
  /** Files attached to the message (getConversation lists them; absent elsewhere). */
  attachments?: AttachmentRef[];
}

export interface OmittedParts {
  /** How many parts were left out: of the middle of the thread, or after the page read with fromPosition. */
  count: number;
  /** The omitted parts are those with fromPosition <= position <= toPosition (notes excluded if asked). */
  fromPosition: number;
  toPosition: number;
}

export interface ConversationDetail {
  id: string;
  title: string | null;
  subject: string | null;
  state: string;
  open: boolean;
  read: boolean;
  priority: string | null;
  createdAt: string;
  createdAtUnix: number;
  updatedAt: string;
  updatedAtUnix: number;
  waitingSince: string | null;
  snoozedUntil: string | null;
  sourceType: string | null;
  /** customer_initiated | admin_initiated | automated | ... */
  sourceDeliveredAs: string | null;
  sourceUrl: string | null;
  /** The first contact of the conversation. */
  customer: PersonRef | null;
  /** Every contact, in Intercom's order. */
  contacts: PersonRef[];
  adminAssignee: PersonRef | null;
  teamAssignee: TeamRef | null;
  tags: TagRef[];
  rating: Rating | null;
  /** The opening message first, then parts oldest first; the middle is cut when over maxParts. */
  messages: ConversationMessage[];
  /** Null when nothing was cut for maxParts. */
  omitted: OmittedParts | null;
  /** Parts Intercom reports for the conversation. */
  partsTotalCount: number;
  /** Parts stored locally (at most the 500 most recent). */
  partsStored: number;
  /** True when Intercom's 500-part cap hid the oldest parts: the thread has a gap after the opening message. */
  truncatedByIntercom: boolean;
  /** Custom attributes, AI insights, Fin, SLA, channel, company, links and teammates. */
  insights: ConversationInsights;
}

export interface AttachmentRef {
  name: string | null;
  url: string | null;
  contentType: string | null;
  /** Bytes. */
  filesize: number | null;
}

export interface ConversationInsights {
  /** Intercom's AI "CX Score" (rating 1-5 and why), from the custom attributes. */
  cxScore: { rating: number | null; explanation: string | null } | null;
  /** Intercom's AI "Topics" attribute, as sent. */
  topics: unknown;
  /** The custom attributes (at most 40; long values cut to 500 characters). */
  customAttributes: Record<string, unknown>;
  /** Custom attributes left out of `customAttributes`. */
  customAttributesOmitted: number;
  /** Fin, the AI agent, when it took part. */
  aiAgent: {
    participated: boolean;
    resolutionState: string | null;
    rating: number | null;
    ratingRemark: string | null;
    sourceType: string | null;
    sourceTitle: string | null;
    lastAnswerType: string | null;
    /** At most 10. */
    contentSources: unknown[];
  } | null;
  sla: { name: string | null; status: string | null } | null;
  channel: { initial: string | null; current: string | null } | null;
  companyId: string | null;
  /** Linked tickets and conversations (at most 20). */
  linkedObjects: { type: string; id: string; category: string | null }[];
  /** Teammates who took part. */
  teammates: { id: string; name: string | null }[];
}

// ---------------------------------------------------------------------------------------------------
// getConversationSummary

export interface GetConversationSummaryInput {
  id: string;
  now?: number;
}

export interface SummaryAssignment {
  at: string;
  /** 'admin' | 'team' | null as Intercom says. */
  toType: string | null;
  toId: string | null;
  toName: string | null;
  byName: string | null;
}

export interface ConversationTimeline {
  openedAt: string;
  /** First admin reply (Intercom's statistics.first_admin_reply_at); null when none. */
  firstResponseAt: string | null;
  /** firstResponseAt − openedAt, seconds; null when no admin replied or the conversation is admin-initiated. */
  firstResponseSeconds: number | null;
  assignments: SummaryAssignment[];
  /** Intercom's statistics.count_reopens (the parts of type 'open'). */
  reopens: number;
  /** Last close, when the conversation is closed now. */
  closedAt: string | null;
  closedBy: string | null;
  rating: Rating | null;
  tags: string[];
  adminReplies: number;
  customerReplies: number;
  notes: number;
}

export interface ConversationSummaryResult {
  id: string;
  subject: string | null;
  state: string;
  customer: PersonRef | null;
  /** Key sentences of the customer's first messages (before the first admin reply). */
  problem: string;
  /** What the team did, one line each (replies, notes, assignments, snoozes, key sentences). */
  actions: string[];
  /** How it ended, or where it stands now. */
  resolution: string;
  timeline: ConversationTimeline;
  /** All of the above as a short Markdown text. Deterministic for the same data and `now`. */
  text: string;
  /** True when Intercom's 500-part cap hid the oldest parts (the problem may be incomplete). */
  truncatedByIntercom: boolean;
}

// ---------------------------------------------------------------------------------------------------
// getCustomerContext

export interface GetCustomerContextInput {
  /** One of email (case-insensitive; every contact with it is included) or contactId. */
  email?: string;
  contactId?: string;
  /** Window start; default 30 days before now. Same formats as ConversationFilters.since. */
  since?: string;
  until?: string;
  /** Most conversations listed. Default 20, 1..100 (counts and statistics cover the whole window). */
  limit?: number;
  now?: number;
}

export interface CustomerProfile extends PersonRef {
  /** user | lead */
  role: string | null;
  phone: string | null;
  externalId: string | null;
  createdAt: string | null;
  signedUpAt: string | null;
  lastSeenAt: string | null;
  country: string | null;
  city: string | null;
  /** False when only known from a conversation (the full contact was never fetched). */
  complete: boolean;
}

export interface CustomerConversation {
  id: string;
  subject: string | null;
  state: string;
  createdAt: string;
  updatedAt: string;
  /** First admin reply − created, seconds; null when none yet or admin-initiated. */
  firstResponseSeconds: number | null;
  rating: number | null;
  tags: string[];
}

export interface RecurringTopic {
  /** A tag name or a frequent word from subjects and opening messages. */
  topic: string;
  kind: 'tag' | 'keyword';
  /** Conversations in the window that mention it. */
  conversations: number;
}

export interface CustomerContextResult {
  profile: CustomerProfile;
  /** Other contact ids sharing the email (all of their conversations are included). */
  otherContactIds: string[];
  window: { since: string; until: string };
  /** Conversations with activity (updated_at) in the window, newest first, at most `limit`. */
  conversations: CustomerConversation[];
  /** Conversations with activity in the window (all, not just those listed). */
  conversationCount: number;
  /** Of those, how many are open now. */
  openCount: number;
  /** All conversations of the customer, any time. */
  allTimeConversationCount: number;
  firstResponse: { count: number; medianSeconds: number | null; averageSeconds: number | null };
  ratings: { count: number; average: number | null };
  recurringTopics: RecurringTopic[];
  /** The customer's tickets (any of their contacts), most recently updated first, at most `limit`, any time. */
  tickets: TicketSummary[];
}

// ---------------------------------------------------------------------------------------------------
// getRecentConversations

export interface GetRecentConversationsInput extends ConversationFilters {
  /** Default 20, at most 100. */
  limit?: number;
  cursor?: string;
}

export interface RecentConversation {
  id: string;
  subject: string | null;
  state: string;
  customerEmail: string | null;
  customerName: string | null;
  adminAssigneeName: string | null;
  teamAssigneeName: string | null;
  createdAt: string;
  updatedAt: string;
  updatedAtUnix: number;
  waitingSince: string | null;
}

export interface RecentConversationsResult {
  /** Newest activity (updated_at) first. */
  conversations: RecentConversation[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------------
// getTeamPerformance

/**
 * Definitions. Each metric is read from the statistics Intercom reports on the conversation, and each
 * has an equivalent over the raw conversation_parts (the tests check both agree):
 * - Period: conversations CREATED in [since, until). Default the 30 days before now.
 * - Group: the conversation's current admin assignee (groupBy 'admin') or team assignee ('team').
 * - assigned: conversations of the group in the period. closed: of those, state = 'closed' now.
 * - First response, for customer-initiated conversations only (source delivered_as
 *   'customer_initiated', else an opener written by a user/lead/contact): statistics
 *   first_admin_reply_at − created_at; from parts, the first part of type 'comment' by an admin.
 * - Time to close, for conversations closed now: statistics last_close_at − created_at; from parts,
 *   the last part of type 'close'.
 * - Reopened: statistics count_reopens > 0; from parts, at least one part of type 'open'.
 *   reopenRate = reopened / assigned.
 * - Ratings: conversation_rating values of the group's conversations.
 * - median: the middle value, the mean of the two middle values for an even count.
 *   p90: nearest rank, the ceil(0.9 × n)-th smallest value. Null when there are no values.
 * Statistics cover the whole thread even when Intercom's 500-part cap hid the oldest parts.
 */
export interface GetTeamPerformanceInput {
  /** Default 'admin'. */
  groupBy?: 'admin' | 'team';
  since?: string;
  until?: string;
  /** Only these admins or teams (ids, names or emails); default every one with conversations. */
  members?: string[];
  /** Only conversations matching these, as in ConversationFilters (custom attributes, CX Score, Fin, SLA). */
  attributes?: ConversationFilters['attributes'];
  cxScore?: ConversationFilters['cxScore'];
  aiAgent?: AiAgentFilter;
  slaStatus?: SlaStatus;
  now?: number;
}

export interface PerformanceMetrics {
  assigned: number;
  closed: number;
  firstResponse: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  timeToClose: { count: number; medianSeconds: number | null };
  reopened: number;
  /** reopened / assigned, 0..1; null when assigned = 0. */
  reopenRate: number | null;
  rating: { count: number; average: number | null };
}

export interface PerformanceGroup extends PerformanceMetrics {
  id: string;
  name: string | null;
}

export interface TeamPerformanceResult {
  groupBy: 'admin' | 'team';
  period: { since: string; until: string; sinceUnix: number; untilUnix: number };
  /** Sorted by assigned, most first, then id. */
  groups: PerformanceGroup[];
  /** Every conversation created in the period, assigned or not (not the sum of groups when filtered). */
  totals: PerformanceMetrics;
  /** Conversations in the period without an assignee of the grouped kind. */
  unassigned: number;
}

// ---------------------------------------------------------------------------------------------------
// getSyncStatus

export interface GetSyncStatusInput {
  now?: number;
  /** When the background sync will run next (Unix seconds), if the caller schedules one. */
  nextBackgroundSyncAt?: number | null;
  /** Else: the background interval; next = last sync start + interval (or now when overdue). */
  syncIntervalMinutes?: number | null;
  /**
   * Whether a sync's process still runs; a 'running' run whose process is gone is reported as
   * 'interrupted'. Default: a signal-0 probe of the pid on this machine.
   */
  isProcessAlive?: (pid: number) => boolean;
}

export interface SyncRunInfo {
  id: number;
  /** running | succeeded | failed | interrupted | partial */
  status: string;
  mode: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  conversationsSynced: number;
  partsSynced: number;
  apiRequests: number;
  error: { code: string | null; message: string | null } | null;
  pid: number;
}

export interface SyncStatusResult {
  /** True when no conversation is stored yet (run fic sync). */
  empty: boolean;
  counts: {
    conversations: number;
    parts: number;
    contacts: number;
    admins: number;
    teams: number;
    tags: number;
  };
  lastSync: SyncRunInfo | null;
  lastSuccessfulSync: SyncRunInfo | null;
  runningSync: SyncRunInfo | null;
  /** Seconds since the last successful sync finished; null if none. */
  dataAgeSeconds: number | null;
  coverage: {
    oldestCreatedAt: string | null;
    newestCreatedAt: string | null;
    newestUpdatedAt: string | null;
  };
  /** High-water mark of the incremental sync. */
  checkpoint: { updatedAt: string; id: string } | null;
  /** Null when no background sync is scheduled (no input given). */
  nextBackgroundSyncAt: string | null;
  /** Deletions applied, fetches still failing, permissions missing: how true the copy is. */
  fidelity: SyncFidelity;
}

export interface SyncFidelity {
  /** Conversations removed because Intercom deleted them (often privacy requests). */
  deletions: { total: number; lastRemovedAt: string | null };
  /** Fetches that kept failing (skipped, retried first by each sync), with the oldest few. */
  outstandingFailures: {
    conversations: number;
    contacts: number;
    examples: {
      kind: string;
      id: string;
      errorCode: string;
      errorMessage: string;
      /** Syncs that tried and failed. */
      attempts: number;
      firstSeenAt: string;
      lastSeenAt: string;
    }[];
  };
  /** What the last sync could not read for want of a permission, and what that costs. */
  missingPermissions: { permission: string; endpoint: string; effect: string }[];
  /** Seconds holding more than a search page (bulk actions), as the last listing met them. */
  denseSeconds: { count: number; latest: string | null; cursorFallback: boolean } | null;
  /** When a sync last re-listed a deeper window (or everything) to catch late-indexed updates. */
  lastReconciledAt: string | null;
}
