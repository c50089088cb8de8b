import type { FicDatabase } from '../db/open-database.js';
import { buildConversationFilters } from './conversation-filters.js';
import { listedConversation } from './conversation-record.js';
import type { ListedConversationRow } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import { all } from './statement-cache.js';
import { decodeCursor, paginate } from './query-cursor.js';
import { isoTimeOrNull, parseLimit } from './query-input.js';
import type { GetRecentConversationsInput, RecentConversationsResult } from './query-types.js';

export const RECENT_DEFAULT_LIMIT = 20;
export const RECENT_MAX_LIMIT = 100;

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
  const { conditions, params } = buildConversationFilters(database, input);
  const cursor = decodeCursor(input.cursor, [2]);
  if (cursor !== undefined) {
    conditions.push('(c.updated_at < ? OR (c.updated_at = ? AND c.row_id < ?))');
    params.push(cursor[0], cursor[0], cursor[1]);
  }
  // The page is chosen on conversations alone (an index walk in updated_at order); names are joined
  // for the page only.
  const rows = all<RecentRow>(
    database,
    `SELECT p.*, ct.email AS customer_email, ct.name AS customer_name, a.name AS admin_name, t.name AS team_name
       FROM (SELECT c.row_id, c.id, c.title, c.source_subject, c.state, c.created_at, c.updated_at,
                    c.waiting_since, c.contact_id, c.admin_assignee_id, c.team_assignee_id
               FROM conversations c
              ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
              ORDER BY c.updated_at DESC, c.row_id DESC
              LIMIT ?) p
       LEFT JOIN contacts ct ON ct.id = p.contact_id
       LEFT JOIN admins a ON a.id = p.admin_assignee_id
       LEFT JOIN teams t ON t.id = p.team_assignee_id
      ORDER BY p.updated_at DESC, p.row_id DESC`,
    [...params, limit + 1],
  );
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
