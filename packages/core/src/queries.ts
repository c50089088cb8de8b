/**
 * `@fastintercom/core/queries`: the queries the CLI and the MCP tools answer with, which run plain
 * prepared statements on a database opened with `@fastintercom/core/read`. No query builder, client or
 * sync engine loads with them. `@fastintercom/core` re-exports all of it.
 */
export { searchConversations } from './queries/search-conversations.js';
export type { SearchOptions } from './queries/search-conversations.js';
export { getConversation } from './queries/get-conversation.js';
export { dataVersion } from './queries/data-version.js';
export { getConversationSummary } from './queries/get-conversation-summary.js';
export { getCustomerContext } from './queries/get-customer-context.js';
export { getRecentConversations } from './queries/get-recent-conversations.js';
export { getTeamPerformance } from './queries/get-team-performance.js';
export { buildConjunctiveFtsQuery } from './queries/fts-query.js';
export { parseSearchQuery } from './queries/search-query.js';
export { STOPWORDS } from './queries/search-stopwords.js';
export type { SearchClause, SearchQuery } from './queries/search-query.js';
export { planSearchMatch } from './queries/search-match-plan.js';
export type { SearchMatchPlan } from './queries/search-match-plan.js';
export { parseIsoTime, parseTimeBound } from './queries/query-input.js';
export { AI_AGENT_FILTERS, SLA_STATUSES } from './queries/insight-filters.js';
export { parseAttributeComparison } from './queries/attribute-filters.js';
export type { AttributeComparison, AttributeOperator } from './queries/attribute-filters.js';
export type * from './queries/query-types.js';
export { getTicket } from './queries/get-ticket.js';
export { listTickets } from './queries/list-tickets.js';
export { searchTickets } from './queries/search-tickets.js';
export { getCompanyContext } from './queries/get-company-context.js';
export { ticketSummariesByRowId } from './queries/ticket-record.js';
export type * from './queries/ticket-query-types.js';
export { searchContacts } from './queries/search-contacts.js';
export type {
  ContactSearchHit,
  SearchContactsInput,
  SearchContactsResult,
} from './queries/search-contacts.js';
export { conversationContactIds } from './queries/conversation-contact-ids.js';
