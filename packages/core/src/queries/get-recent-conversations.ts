import type { FicDatabase } from '../db/open-database.js';
import { buildConversationFilters } from './conversation-filters.js';
import { listedConversation } from './conversation-record.js';
import type { ListedConversationRow } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import { all, indexHint } from './statement-cache.js';
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

/** A statement and its parameters, as the query runs it (tests EXPLAIN exactly this). */
export interface RecentConversationsSql {
  sql: string;
  params: unknown[];
}

/**
 * The statement of one page. The page is chosen on conversations alone by a backward walk of one index
 * ending in (updated_at, row_id), the list's order, so SQLite stops after limit + 1 rows that pass the
 * other filters: the index led by a single assignee or team id, or by the state, when the input filters
 * one; else updated_at alone. Names are joined for the page only. What bounds the walk: with only
 * tag, customer, created-date or attribute filters, rows of the newest activity that fail them are read
 * and skipped, so a filter matching few recent conversations reads more of the index.
 */
export function recentConversationsSql(
  database: FicDatabase,
  input: GetRecentConversationsInput = {},
): RecentConversationsSql {
  const limit = parseLimit(input.limit, 'limit', RECENT_DEFAULT_LIMIT, RECENT_MAX_LIMIT);
  const { conditions, params, equalities } = buildConversationFilters(database, input);
  const cursor = decodeCursor(input.cursor, [2]);
  if (cursor !== undefined) {
    // A row value compares as the index orders, so the walk starts at the cursor.
    conditions.push('(c.updated_at, c.row_id) < (?, ?)');
    params.push(cursor[0], cursor[1]);
  }
  const index =
    equalities.adminAssigneeId !== undefined
      ? 'conversations_admin_recent'
      : equalities.teamAssigneeId !== undefined
        ? 'conversations_team_recent'
        : equalities.state !== undefined
          ? 'conversations_state_recent'
          : 'conversations_recent';
  return {
    sql: `SELECT p.*, ct.email AS customer_email, ct.name AS customer_name, a.name AS admin_name, t.name AS team_name
       FROM (SELECT c.row_id, c.id, c.title, c.source_subject, c.state, c.created_at, c.updated_at,
                    c.waiting_since, c.contact_id, c.admin_assignee_id, c.team_assignee_id
               FROM conversations c ${indexHint(database, index)}
              ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
              ORDER BY c.updated_at DESC, c.row_id DESC
              LIMIT ?) p
       LEFT JOIN contacts ct ON ct.id = p.contact_id
       LEFT JOIN admins a ON a.id = p.admin_assignee_id
       LEFT JOIN teams t ON t.id = p.team_assignee_id
      ORDER BY p.updated_at DESC, p.row_id DESC`,
    params: [...params, limit + 1],
  };
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
