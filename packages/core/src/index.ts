// The whole public surface: ./read.ts and ./queries.ts (also `@fastintercom/core/read` and
// `@fastintercom/core/queries`, for commands that must start fast) plus the Intercom client, the
// repository and the sync engine.
export * from './read.js';
export * from './queries.js';
export { IntercomClient } from './intercom/intercom-client.js';
export type {
  IntercomClientOptions,
  ClientEvent,
  ClientStats,
  RequestOptions,
  RetryReason,
} from './intercom/intercom-client.js';
export { RateLimiter } from './intercom/rate-limiter.js';
export { probePermissions } from './intercom/permission-probe.js';
export type { PermissionCheck } from './intercom/permission-probe.js';
export type { RateLimiterOptions, RateLimitSnapshot } from './intercom/rate-limiter.js';
export { conversationPages } from './intercom/conversation-pager.js';
export type {
  ConversationPage,
  ConversationPagesOptions,
  ConversationSearcher,
} from './intercom/conversation-pager.js';
export { parseIntercomResponse } from './intercom/parse-response.js';
export type {
  Admin,
  Contact,
  Conversation,
  ConversationPart,
  ConversationStamp,
  ConversationStampsPage,
  ConversationSummary,
  Me,
  SearchContactsPage,
  SearchContactsRequest,
  SearchConversationsPage,
  SearchConversationsRequest,
  SearchFilter,
  SearchFilterGroup,
  Tag,
  Team,
} from './intercom/intercom-schemas.js';
export { ConversationRepository } from './db/conversation-repository.js';
export type {
  AdminRow,
  ContactRow,
  ConversationRepositoryOptions,
  ConversationRow,
  ConversationWrite,
  PartRow,
  StartRunInput,
  StoredCounts,
  StoredCoverage,
  SyncRunRow,
  TagRow,
  TeamRow,
} from './db/conversation-repository.js';
export { verifyDatabase } from './db/verify-database.js';
export type { VerifyCheck, VerifyReport } from './db/verify-database.js';
export { acquireSyncLock } from './sync/sync-lock.js';
export type { SyncLock } from './sync/sync-lock.js';
export { runSync } from './sync/run-sync.js';
export { compareWithRemote } from './sync/remote-comparison.js';
export type { RemoteComparison } from './sync/remote-comparison.js';
export type { RunSyncOptions } from './sync/run-sync.js';
export { syncConversations } from './sync/sync-conversations.js';
export type {
  DenseSeconds,
  MissingPermission,
  ReconcileMode,
  ReconcileResult,
  SyncCheckpoint,
  SyncMode,
  SyncOptions,
  SyncPhase,
  SyncProgress,
  SyncResult,
} from './sync/sync-types.js';
export { rebuildDatabase, rowsWithoutPayload } from './sync/rebuild-database.js';
export type {
  PayloadDeriver,
  RebuildOptions,
  RebuildProgress,
  RebuildResult,
} from './sync/rebuild-database.js';
export {
  BUILT_IN_ENCODING,
  PayloadCodec,
  payloadCodec,
  compressPayload,
  decompressPayload,
  deleteRawPayloads,
  rawPayloadCounts,
  readRawPayloads,
  writeRawPayloads,
} from './db/raw-payloads.js';
export type { CompressedPayload, RawPayload, RawPayloadKind, StoredPayload } from './db/raw-payloads.js';
export { mapConversation } from './sync/conversation-mapper.js';
export type { ConversationInput } from './sync/conversation-mapper.js';
export { htmlText } from './sync/html-text.js';
export { fetchTransport, nodeHttpTransport } from './intercom/http-transport.js';
export type {
  HeaderLookup,
  HttpAnswer,
  HttpRequest,
  HttpTransport,
  NodeHttpTransportOptions,
} from './intercom/http-transport.js';
export { Cancellation } from './intercom/cancellation.js';
// Tickets and companies: the passes after conversations, their writers and the derivers `fic rebuild` runs.
export { syncTickets, TICKET_STATE_KEYS } from './sync/ticket-sync.js';
export type { TicketSyncOptions, TicketSyncResult } from './sync/ticket-sync.js';
export { syncCompanies } from './sync/company-sync.js';
export type { CompanySyncOptions, CompanySyncResult } from './sync/company-sync.js';
export { syncTicketsAndCompanies } from './sync/ticket-company-passes.js';
export type { TicketCompanyPassOptions } from './sync/ticket-company-passes.js';
export { ticketRowsFromPayload, ticketRows } from './sync/ticket-mapper.js';
export type { TicketRows } from './sync/ticket-mapper.js';
export { companyRowsFromPayload, companyRows } from './sync/company-mapper.js';
export type { CompanyRows } from './sync/company-mapper.js';
export { TicketRepository } from './db/ticket-repository.js';
export type { TicketWrite, TicketPageWrite, TicketFailure } from './db/ticket-repository.js';
export { CompanyRepository } from './db/company-repository.js';
export type { CompanyWrite } from './db/company-repository.js';
// `fic serve`: webhook-driven refreshes of single objects, and personal access tokens.
export { refreshObjects } from './sync/object-refresh.js';
export type {
  ObjectRefreshOptions,
  ObjectRefreshRequest,
  ObjectRefreshResult,
} from './sync/object-refresh.js';
export {
  checkPersonalToken,
  createPersonalToken,
  hashPersonalToken,
  listPersonalTokens,
  revokePersonalToken,
  PERSONAL_TOKEN_PREFIX,
} from './db/personal-token-repository.js';
export type {
  CreatePersonalTokenInput,
  PersonalTokenCheck,
  PersonalTokenInfo,
  PersonalTokenScope,
} from './db/personal-token-repository.js';
