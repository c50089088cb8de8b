import type { FicDatabase } from '../db/open-database.js';
import { buildConversationFilters, resolveTagIds } from './conversation-filters.js';
import { all, indexHint, placeholders, schemaHas } from './statement-cache.js';
import { decodeCursor } from './query-cursor.js';
import { optionalText, parseDateField, parseLimit, parseWindow, resolveNow } from './query-input.js';
import type { GetRecentConversationsInput } from './query-types.js';

export const RECENT_DEFAULT_LIMIT = 20;
export const RECENT_MAX_LIMIT = 100;

/** A statement and its parameters, as the query runs it (tests EXPLAIN exactly this). */
export interface RecentConversationsSql {
  sql: string;
  params: unknown[];
}

/**
 * One index walked backwards in the list's order: `from` reads conversations `c` (joined from a link
 * table when the index is the link's), `key` is the equality leading the index, `u`/`r` the
 * (updated_at, row_id) the index orders by after it.
 */
interface Walk {
  from: string;
  key: string;
  ids: readonly unknown[];
  u: string;
  r: string;
}

/**
 * The page's columns, with (updated_at, row_id) taken from the walked index (equal to the
 * conversation's): SQLite sees the outer ORDER BY is the subquery's and does not sort the page again.
 */
function pageColumns(u: string, r: string): string {
  return `${r} AS row_id, c.id, c.title, c.source_subject, c.state, c.created_at, ${u} AS updated_at,
          c.waiting_since, c.contact_id, c.admin_assignee_id, c.team_assignee_id`;
}

/**
 * The statement of one page: a backward walk of one index ordered (key, updated_at, row_id), the list's
 * order, stopping after limit + 1 rows that pass the other filters. The walk is led by the most
 * selective equality the input has, in a fixed order: a customer (a person's conversations, a handful
 * even for a big customer next to the workspace), a tag (a subset of topics), an assignee (one of
 * dozens of admins), a team, a state (one of three); with none, updated_at alone. A customer or tag
 * walks its link table (conversation_contacts / conversation_tags), which carries its conversation's
 * updated_at and row_id (migration 0011), and joins each link to its conversation by row_id. A name or
 * email matching several ids walks one index per id, each stopping at the page, and merges the walks
 * (a UNION ordered like the list: SQLite merges the ordered arms, dropping a conversation two arms
 * share), so the cost is ids x page.
 *
 * What bounds the walk: it reads the rows of its leading key newest first until the page is full, so
 * the filters that cannot lead (the other equalities, a created-date window, custom attributes and
 * insights) cost the rows of that key updated since the page's oldest match: a filter matching few of
 * the key's recent conversations reads more of them, up to all rows of the key. An updated-date window
 * bounds the walk itself (a range on the index), as does the cursor. `extra` is one more condition on
 * `c`, ANDed (search's per-row full-text probe).
 */
export function recentConversationsSql(
  database: FicDatabase,
  input: GetRecentConversationsInput = {},
  extra: RecentConversationsSql = { sql: '', params: [] },
): RecentConversationsSql {
  const limit = parseLimit(input.limit, 'limit', RECENT_DEFAULT_LIMIT, RECENT_MAX_LIMIT);
  const cursor = decodeCursor(input.cursor, [2]);
  const linked = schemaHas(database, 'index', 'conversation_tags_recent');
  const email = linked ? optionalText(input.customerEmail, 'customerEmail') : undefined;
  const tag = linked ? optionalText(input.tag, 'tag') : undefined;
  // The link filters are left out of the shared conditions: one leads the walk, the other is a lookup
  // of the walked conversation's own links (the shared IN (subquery) would first list every
  // conversation of the tag).
  const { conditions, params, equalities } = buildConversationFilters(
    database,
    linked ? { ...input, customerEmail: undefined, tag: undefined } : input,
  );
  if (extra.sql !== '') {
    conditions.push(extra.sql);
    params.push(...extra.params);
  }
  const tagIds = tag === undefined ? undefined : resolveTagIds(database, tag);
  let walk: Walk;
  if (email !== undefined) {
    walk = linkWalk('conversation_contacts', 'contact_id', contactIds(database, email));
  } else if (tagIds !== undefined) {
    walk = linkWalk('conversation_tags', 'tag_id', tagIds);
  } else if (equalities.adminAssigneeIds !== undefined) {
    walk = conversationWalk(
      database,
      'conversations_admin_recent',
      'admin_assignee_id',
      equalities.adminAssigneeIds,
    );
  } else if (equalities.teamAssigneeIds !== undefined) {
    walk = conversationWalk(
      database,
      'conversations_team_recent',
      'team_assignee_id',
      equalities.teamAssigneeIds,
    );
  } else if (equalities.state !== undefined) {
    walk = conversationWalk(database, 'conversations_state_recent', 'state', [equalities.state]);
  } else {
    walk = { ...conversationWalk(database, 'conversations_recent', '', []), key: '' };
  }
  if (email !== undefined && tagIds !== undefined) {
    conditions.push(
      `EXISTS (SELECT 1 FROM conversation_tags x WHERE x.conversation_id = c.id AND x.tag_id IN (${placeholders(tagIds.length)}))`,
    );
    params.push(...tagIds);
  }
  // Bounds on the walked index's own columns, so the walk starts at the cursor and stops at since.
  const bounds: string[] = [];
  const boundParams: unknown[] = [];
  if (cursor !== undefined) {
    bounds.push(`(${walk.u}, ${walk.r}) < (?, ?)`);
    boundParams.push(cursor[0], cursor[1]);
  }
  if (walk.u !== 'c.updated_at' && parseDateField(input.dateField) === 'updated') {
    const { since, until } = parseWindow(input, resolveNow(input.now));
    if (since !== undefined) {
      bounds.push(`${walk.u} >= ?`);
      boundParams.push(since);
    }
    if (until !== undefined) {
      bounds.push(`${walk.u} < ?`);
      boundParams.push(until);
    }
  }
  const where = (key: boolean): string => {
    const all = [...(key ? [`${walk.key} = ?`] : []), ...bounds, ...conditions];
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
  };
  const order = `ORDER BY ${walk.u} DESC, ${walk.r} DESC LIMIT ?`;
  let page: string;
  let pageParams: unknown[];
  if (walk.key === '') {
    page = `SELECT ${pageColumns(walk.u, walk.r)} FROM ${walk.from} ${where(false)} ${order}`;
    pageParams = [...boundParams, ...params, limit + 1];
  } else if (walk.ids.length <= 1) {
    // No id (an email no contact has): a key matching nothing, so the walk reads no row.
    page = `SELECT ${pageColumns(walk.u, walk.r)} FROM ${walk.from} ${where(true)} ${order}`;
    pageParams = [walk.ids[0] ?? null, ...boundParams, ...params, limit + 1];
  } else {
    const arm = `SELECT u, r FROM (SELECT ${walk.u} AS u, ${walk.r} AS r FROM ${walk.from} ${where(true)} ${order})`;
    page = `SELECT ${pageColumns('m.u', 'm.r')}
              FROM (${walk.ids.map(() => arm).join(' UNION ')} ORDER BY u DESC, r DESC LIMIT ?) m
             CROSS JOIN conversations c ON c.row_id = m.r
             ORDER BY m.u DESC, m.r DESC`;
    pageParams = [...walk.ids.flatMap((id) => [id, ...boundParams, ...params, limit + 1]), limit + 1];
  }
  return {
    sql: `SELECT p.*, ct.email AS customer_email, ct.name AS customer_name, a.name AS admin_name, t.name AS team_name
       FROM (${page}) p
       LEFT JOIN contacts ct ON ct.id = p.contact_id
       LEFT JOIN admins a ON a.id = p.admin_assignee_id
       LEFT JOIN teams t ON t.id = p.team_assignee_id
      ORDER BY p.updated_at DESC, p.row_id DESC`,
    params: pageParams,
  };
}

/** A walk of a link table's (key, updated_at, conversation_row_id) index, joined to conversations. */
function linkWalk(table: string, key: string, ids: readonly string[]): Walk {
  const index = table === 'conversation_tags' ? 'conversation_tags_recent' : 'conversation_contacts_recent';
  return {
    // CROSS JOIN keeps the link table outermost: SQLite must not start from conversations.
    from: `${table} k INDEXED BY ${index} CROSS JOIN conversations c ON c.row_id = k.conversation_row_id`,
    key: `k.${key}`,
    ids,
    u: 'k.updated_at',
    r: 'k.conversation_row_id',
  };
}

function conversationWalk(
  database: FicDatabase,
  index: string,
  column: string,
  ids: readonly string[],
): Walk {
  return {
    from: `conversations c ${indexHint(database, index)}`,
    key: `c.${column}`,
    ids,
    u: 'c.updated_at',
    r: 'c.row_id',
  };
}

/** The contacts a customer email names (several contacts can share one, e.g. a lead and a user). */
function contactIds(database: FicDatabase, email: string): string[] {
  return all<{ id: string }>(database, 'SELECT id FROM contacts WHERE email = ? COLLATE NOCASE ORDER BY id', [
    email,
  ]).map((row) => row.id);
}
