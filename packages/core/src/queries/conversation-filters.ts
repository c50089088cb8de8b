import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { all, one, placeholders } from './statement-cache.js';
import { optionalText, parseDateField, parseState, parseWindow, resolveNow } from './query-input.js';
import type { ConversationFilters } from './query-types.js';
import { insightFilterConditions } from './insight-filters.js';

/**
 * The filters search and recent conversations share, validated and turned into SQL conditions on the
 * `conversations` table aliased `c`. Names (admin, team, tag) are resolved to ids first so the
 * conditions use the id indexes.
 */
export interface FilterSql {
  /** Conditions to AND, each on `c`; empty when nothing filters. */
  conditions: string[];
  params: unknown[];
  /**
   * The equality filters an index can lead with (a single admin or team id, a state), so a list can
   * walk the index of that column in its own order instead of filtering a walk over every row.
   */
  equalities: {
    adminAssigneeId?: string;
    teamAssigneeId?: string;
    state?: string;
    /** Every admin or team id the filter resolved to (a name can match several). */
    adminAssigneeIds?: string[];
    teamAssigneeIds?: string[];
  };
}

export function buildConversationFilters(database: FicDatabase, filters: ConversationFilters): FilterSql {
  const now = resolveNow(filters.now);
  const conditions: string[] = [];
  const params: unknown[] = [];
  const equalities: FilterSql['equalities'] = {};

  const state = parseState(filters.state);
  if (state !== undefined) {
    conditions.push('c.state = ?');
    params.push(state);
    equalities.state = state;
  }

  const column = parseDateField(filters.dateField) === 'created' ? 'c.created_at' : 'c.updated_at';
  const { since, until } = parseWindow(filters, now);
  if (since !== undefined) {
    conditions.push(`${column} >= ?`);
    params.push(since);
  }
  if (until !== undefined) {
    conditions.push(`${column} < ?`);
    params.push(until);
  }

  const email = optionalText(filters.customerEmail, 'customerEmail');
  if (email !== undefined) {
    conditions.push(
      `c.id IN (SELECT cc.conversation_id FROM contacts ct
                  JOIN conversation_contacts cc ON cc.contact_id = ct.id
                 WHERE ct.email = ? COLLATE NOCASE)`,
    );
    params.push(email);
  }

  const admin = optionalText(filters.adminAssignee, 'adminAssignee');
  if (admin !== undefined) {
    const ids = resolveAdminIds(database, admin);
    conditions.push(`c.admin_assignee_id IN (${placeholders(ids.length)})`);
    params.push(...ids);
    if (ids.length === 1) equalities.adminAssigneeId = ids[0];
    equalities.adminAssigneeIds = ids;
  }

  const team = optionalText(filters.teamAssignee, 'teamAssignee');
  if (team !== undefined) {
    const ids = resolveTeamIds(database, team);
    conditions.push(`c.team_assignee_id IN (${placeholders(ids.length)})`);
    params.push(...ids);
    if (ids.length === 1) equalities.teamAssigneeId = ids[0];
    equalities.teamAssigneeIds = ids;
  }

  const tag = optionalText(filters.tag, 'tag');
  if (tag !== undefined) {
    const ids = resolveTagIds(database, tag);
    conditions.push(
      `c.id IN (SELECT ctg.conversation_id FROM conversation_tags ctg WHERE ctg.tag_id IN (${placeholders(ids.length)}))`,
    );
    params.push(...ids);
  }

  const insights = insightFilterConditions(filters);
  conditions.push(...insights.conditions);
  params.push(...insights.params);
  return { conditions, params, equalities };
}

/** Admin ids matching an id, email or name (case-insensitive). */
export function resolveAdminIds(database: FicDatabase, value: string): string[] {
  const rows = all<{ id: string }>(
    database,
    `SELECT id FROM admins WHERE id = ? OR email = ? COLLATE NOCASE OR name = ? COLLATE NOCASE ORDER BY id`,
    [value, value, value],
  );
  return resolved(
    database,
    rows,
    value,
    'admin_assignee_id',
    `No admin matches "${value}" (by id, email or name)`,
  );
}

/** Team ids matching an id or name (case-insensitive). */
export function resolveTeamIds(database: FicDatabase, value: string): string[] {
  const rows = all<{ id: string }>(
    database,
    `SELECT id FROM teams WHERE id = ? OR name = ? COLLATE NOCASE ORDER BY id`,
    [value, value],
  );
  return resolved(database, rows, value, 'team_assignee_id', `No team matches "${value}" (by id or name)`);
}

/** Tag ids matching an id or name (case-insensitive). */
export function resolveTagIds(database: FicDatabase, value: string): string[] {
  const rows = all<{ id: string }>(
    database,
    `SELECT id FROM tags WHERE id = ? OR name = ? COLLATE NOCASE ORDER BY id`,
    [value, value],
  );
  if (rows.length > 0) return rows.map((row) => row.id);
  // Tags applied to conversations are known even if the tag list was never fetched.
  if (
    one(database, `SELECT 1 AS found FROM conversation_tags WHERE tag_id = ? LIMIT 1`, [value]) !== undefined
  ) {
    return [value];
  }
  throw new FicError('not_found', `No tag matches "${value}" (by id or name): check the tag name`, {
    details: { field: 'tag' },
  });
}

function resolved(
  database: FicDatabase,
  rows: { id: string }[],
  value: string,
  column: 'admin_assignee_id' | 'team_assignee_id',
  message: string,
): string[] {
  if (rows.length > 0) return rows.map((row) => row.id);
  // An assignee id present on conversations counts even if the admin or team list was never fetched.
  const known = one(database, `SELECT 1 AS found FROM conversations WHERE ${column} = ? LIMIT 1`, [value]);
  if (known !== undefined) return [value];
  throw new FicError('not_found', message, { details: { field: column } });
}
