import { FicError } from '../errors.js';
import type { Selectable } from 'kysely';
import type { ConversationsTable } from '../db/database-schema.js';
import type { FicDatabase } from '../db/open-database.js';
import { assertNotEmpty } from './database-emptiness.js';
import { all, one } from './statement-cache.js';
import { isoTime, isoTimeOrNull, requireText } from './query-input.js';
import type { PersonRef, Rating, SearchHit, TagRef, TeamRef } from './query-types.js';

/**
 * One conversation's row and what hangs off it (contacts, assignees, tags, rating), shared by
 * getConversation and getConversationSummary.
 */
export type ConversationRecord = Omit<Selectable<ConversationsTable>, 'row_id'> & { row_id: number };

export interface ConversationPeople {
  contacts: PersonRef[];
  adminAssignee: PersonRef | null;
  teamAssignee: TeamRef | null;
  tags: TagRef[];
  rating: Rating | null;
}

/** SELECT-list fragment over conversation_parts: the name of the admin or team a part assigned to. */
export const ASSIGNED_TO_NAME = `CASE assigned_to_type
    WHEN 'admin' THEN (SELECT name FROM admins WHERE admins.id = assigned_to_id)
    WHEN 'team' THEN (SELECT name FROM teams WHERE teams.id = assigned_to_id)
  END AS assigned_to_name`;

export function loadConversation(database: FicDatabase, rawId: unknown): ConversationRecord {
  const id = requireText(rawId, 'id');
  const row = one<ConversationRecord>(database, 'SELECT * FROM conversations WHERE id = ?', [id]);
  if (row === undefined) {
    assertNotEmpty(database);
    throw new FicError(
      'not_found',
      `No conversation ${id} in the local database: check the id, or run fic sync`,
      {
        details: { id },
      },
    );
  }
  return row;
}

export function loadConversationPeople(database: FicDatabase, row: ConversationRecord): ConversationPeople {
  const contacts = all<PersonRef>(
    database,
    `SELECT cc.contact_id AS id, ct.name, ct.email
       FROM conversation_contacts cc LEFT JOIN contacts ct ON ct.id = cc.contact_id
      WHERE cc.conversation_id = ? ORDER BY cc.position, cc.contact_id`,
    [row.id],
  );
  const tags = all<TagRef>(
    database,
    `SELECT ctg.tag_id AS id, coalesce(t.name, ctg.tag_id) AS name
       FROM conversation_tags ctg LEFT JOIN tags t ON t.id = ctg.tag_id
      WHERE ctg.conversation_id = ? ORDER BY name, id`,
    [row.id],
  );
  return {
    contacts,
    adminAssignee: row.admin_assignee_id === null ? null : adminRef(database, row.admin_assignee_id),
    teamAssignee:
      row.team_assignee_id === null
        ? null
        : {
            id: row.team_assignee_id,
            name:
              one<{ name: string }>(database, 'SELECT name FROM teams WHERE id = ?', [row.team_assignee_id])
                ?.name ?? null,
          },
    tags,
    rating:
      row.rating_value === null
        ? null
        : {
            value: row.rating_value,
            remark: row.rating_remark,
            createdAt: isoTimeOrNull(row.rating_created_at),
            teammate: row.rating_teammate_id === null ? null : adminRef(database, row.rating_teammate_id),
          },
  };
}

export function adminRef(database: FicDatabase, id: string): PersonRef {
  const admin = one<{ name: string | null; email: string | null }>(
    database,
    'SELECT name, email FROM admins WHERE id = ?',
    [id],
  );
  return { id, name: admin?.name ?? null, email: admin?.email ?? null };
}

/** Title, else the opening message's subject. */
export function subjectOf(row: { title: string | null; source_subject: string | null }): string | null {
  return row.title ?? row.source_subject ?? null;
}

/** A conversation row as lists (search, recent) read it, with its customer joined. */
export interface ListedConversationRow {
  id: string;
  title: string | null;
  source_subject: string | null;
  state: string;
  created_at: number;
  updated_at: number;
  customer_email: string | null;
  customer_name: string | null;
}

/** The fields every conversation list item shares. */
export function listedConversation(
  row: ListedConversationRow,
): Pick<
  SearchHit,
  'id' | 'subject' | 'state' | 'customerEmail' | 'customerName' | 'createdAt' | 'updatedAt'
> {
  return {
    id: row.id,
    subject: subjectOf(row),
    state: row.state,
    customerEmail: row.customer_email,
    customerName: row.customer_name,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}
