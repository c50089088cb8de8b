import type { FicDatabase } from '../db/open-database.js';
import { listedConversation } from './conversation-record.js';
import type { ListedConversationRow } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import { all } from './statement-cache.js';
import {
  RECENT_DEFAULT_LIMIT,
  RECENT_MAX_LIMIT,
  recentConversationsSql,
} from './recent-conversations-sql.js';
import { decodeCursor, paginate } from './query-cursor.js';
import { isoTimeOrNull, parseLimit } from './query-input.js';
import type { GetRecentConversationsInput, RecentConversationsResult } from './query-types.js';

export {
  RECENT_DEFAULT_LIMIT,
  RECENT_MAX_LIMIT,
  recentConversationsSql,
} from './recent-conversations-sql.js';
export type { RecentConversationsSql } from './recent-conversations-sql.js';

interface RecentRow extends ListedConversationRow {
  row_id: number;
  waiting_since: number | null;
  admin_name: string | null;
  team_name: string | null;
}

/** Conversations by newest activity (updated_at, then row_id, both descending), keyset-paginated. */
export function getRecentConversations(
  database: FicDatabase,
  input: GetRecentConversationsInput = {},
): RecentConversationsResult {
  const limit = parseLimit(input.limit, 'limit', RECENT_DEFAULT_LIMIT, RECENT_MAX_LIMIT);
  const cursor = decodeCursor(input.cursor, [2]);
  const statement = recentConversationsSql(database, input);
  const rows = all<RecentRow>(database, statement.sql, statement.params);
  if (rows.length === 0 && cursor === undefined) assertNotEmpty(database);

  const { page, nextCursor } = paginate(rows, limit, (row) => [row.updated_at, row.row_id]);
  return {
    conversations: page.map((row) => ({
      ...listedConversation(row),
      adminAssigneeName: row.admin_name,
      teamAssigneeName: row.team_name,
      updatedAtUnix: row.updated_at,
      waitingSince: isoTimeOrNull(row.waiting_since),
    })),
    nextCursor,
  };
}
