import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Issue 16, recent lists in O(page) for tag and customer filters.
 *
 * A tag or customer filter cannot lead an index of conversations, so the recent list walked every
 * recent conversation and skipped those without the tag (cost: workspace size / selectivity). The link
 * tables now carry their conversation's updated_at and row_id, and an index (key, updated_at,
 * conversation_row_id) walked backwards yields one tag's or contact's conversations in the list's order
 * (updated_at DESC, row_id DESC), so the walk stops at the page. The (key) indexes of 0001 are prefixes
 * of the new ones and are dropped (one index to write per link, not two).
 *
 * Kept equal to conversations by the write path and by triggers: the sync's writer inserts the values
 * with the link (no second write); a link inserted without them (any other writer) gets them from its
 * conversation; a change of conversations.updated_at by any writer is copied to its links. `fic verify`
 * compares both tables with conversations (verify-recent-links.ts).
 */
const LINKS = [
  {
    table: 'conversation_tags',
    key: 'tag_id',
    index: 'conversation_tags_recent',
    old: 'conversation_tags_tag',
  },
  {
    table: 'conversation_contacts',
    key: 'contact_id',
    index: 'conversation_contacts_recent',
    old: 'conversation_contacts_contact',
  },
] as const;

function statements(): string[] {
  const list: string[] = [];
  for (const { table, key, index, old } of LINKS) {
    list.push(
      `ALTER TABLE ${table} ADD COLUMN updated_at INTEGER`,
      `ALTER TABLE ${table} ADD COLUMN conversation_row_id INTEGER`,
      `UPDATE ${table} SET (updated_at, conversation_row_id) =
         (SELECT c.updated_at, c.row_id FROM conversations c WHERE c.id = ${table}.conversation_id)`,
      `CREATE INDEX ${index} ON ${table} (${key}, updated_at, conversation_row_id)`,
      `DROP INDEX IF EXISTS ${old}`,
      `CREATE TRIGGER ${table}_recent_fill AFTER INSERT ON ${table}
         WHEN new.updated_at IS NULL OR new.conversation_row_id IS NULL BEGIN
         UPDATE ${table} SET (updated_at, conversation_row_id) =
           (SELECT c.updated_at, c.row_id FROM conversations c WHERE c.id = new.conversation_id)
          WHERE conversation_id = new.conversation_id AND ${key} = new.${key};
       END`,
    );
  }
  // One trigger for both links. The writer replaces a conversation's links after its upsert, so it
  // deletes them first (conversation-writer.ts) and this trigger has nothing to copy on a sync page.
  list.push(
    `CREATE TRIGGER conversations_recent_links AFTER UPDATE OF updated_at, row_id ON conversations
       WHEN new.updated_at IS NOT old.updated_at OR new.row_id IS NOT old.row_id BEGIN
       UPDATE conversation_tags SET updated_at = new.updated_at, conversation_row_id = new.row_id
        WHERE conversation_id = new.id;
       UPDATE conversation_contacts SET updated_at = new.updated_at, conversation_row_id = new.row_id
        WHERE conversation_id = new.id;
     END`,
  );
  return list;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements()) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS conversations_recent_links').execute(db);
  for (const { table, key, index, old } of LINKS) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_recent_fill`).execute(db);
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${old} ON ${table} (${key})`).execute(db);
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN conversation_row_id`).execute(db);
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN updated_at`).execute(db);
  }
}
