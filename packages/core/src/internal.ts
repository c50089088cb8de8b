/**
 * `@fastintercom/core/internal`: the driver underneath, for our benchmarks' baselines and our tests, nothing else.
 * Not part of the public surface: commands, the MCP server and users' code go through `FicDatabase`
 * and the queries, which hold no engine type.
 */
export { sqliteOf } from './db/open-database.js';
export type { Sqlite } from './db/open-database.js';
export { recentConversationsSql } from './queries/get-recent-conversations.js';
export type { RecentConversationsSql } from './queries/get-recent-conversations.js';
