export { FicError, isFicError } from './errors.js';
export type { FicErrorCode, FicErrorOptions } from './errors.js';
export { openDatabase } from './db/open-database.js';
export type { FicDatabase, OpenDatabaseOptions } from './db/open-database.js';
export type * from './db/database-schema.js';
export { searchConversations } from './queries/search-conversations.js';
export { getConversation } from './queries/get-conversation.js';
export { getConversationSummary } from './queries/get-conversation-summary.js';
export { getCustomerContext } from './queries/get-customer-context.js';
export { getRecentConversations } from './queries/get-recent-conversations.js';
export { getTeamPerformance } from './queries/get-team-performance.js';
export { getSyncStatus } from './queries/get-sync-status.js';
export { buildFtsQuery } from './queries/fts-query.js';
export type * from './queries/query-types.js';
export type { SearchOptions } from './queries/search-conversations.js';
export {
  resolveConfig,
  readConfigFile,
  writeConfigFile,
  redactConfig,
  redactToken,
  defaultConfigPath,
  defaultDbPath,
  REGION_API_URLS,
} from './config.js';
export type { FicConfig, ConfigSource, Region } from './config.js';
export { IntercomClient } from './intercom/intercom-client.js';
export type {
  IntercomClientOptions,
  ClientEvent,
  ClientStats,
  RequestOptions,
  RetryReason,
} from './intercom/intercom-client.js';
export { RateLimiter } from './intercom/rate-limiter.js';
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
export { acquireSyncLock, readSyncLock, syncLockPath, isProcessAlive } from './sync/sync-lock.js';
export type { SyncLock, SyncLockInfo } from './sync/sync-lock.js';
export { runSync } from './sync/run-sync.js';
export type { RunSyncOptions } from './sync/run-sync.js';
export { syncConversations } from './sync/sync-conversations.js';
export type {
  SyncCheckpoint,
  SyncMode,
  SyncOptions,
  SyncPhase,
  SyncProgress,
  SyncResult,
} from './sync/sync-types.js';
export { mapConversation } from './sync/conversation-mapper.js';
export type { ConversationInput } from './sync/conversation-mapper.js';
export { htmlText } from './sync/html-text.js';
