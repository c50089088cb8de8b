import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Issue 16, status and lists at a million conversations.
 *
 * `table_counts` holds what `fic status` reports by count (conversations, the parts they store,
 * contacts), kept by triggers: a trigger runs inside the statement that changes the row, so the count
 * changes in the same transaction as the sync's page, and every writer (sync, deletion, merge, rebuild,
 * raw SQL) keeps it right without knowing of it. Status then reads three rows instead of counting every
 * row. Upserts go through ON CONFLICT DO UPDATE (never INSERT OR REPLACE, whose implicit delete fires no
 * trigger), so an update is counted as an update. `fic verify` recounts and reports any drift.
 *
 * The recent-list indexes end in updated_at ascending, so with the implicit row_id after it a backward
 * walk yields (updated_at DESC, row_id DESC), the list's order and cursor, and stops at the page. The
 * older (state, updated_at DESC) index interleaves row_id ascending and cannot, so it is replaced.
 */
const STATEMENTS = [
  `CREATE TABLE table_counts (name TEXT PRIMARY KEY, rows INTEGER NOT NULL) WITHOUT ROWID`,
  `INSERT INTO table_counts (name, rows) VALUES
     ('conversations', (SELECT count(*) FROM conversations)),
     ('conversation_parts', (SELECT coalesce(sum(parts_stored), 0) FROM conversations)),
     ('contacts', (SELECT count(*) FROM contacts))`,
  `CREATE TRIGGER table_counts_conversation_insert AFTER INSERT ON conversations BEGIN
     UPDATE table_counts SET rows = rows + 1 WHERE name = 'conversations';
     UPDATE table_counts SET rows = rows + new.parts_stored WHERE name = 'conversation_parts';
   END`,
  `CREATE TRIGGER table_counts_conversation_delete AFTER DELETE ON conversations BEGIN
     UPDATE table_counts SET rows = rows - 1 WHERE name = 'conversations';
     UPDATE table_counts SET rows = rows - old.parts_stored WHERE name = 'conversation_parts';
   END`,
  `CREATE TRIGGER table_counts_conversation_parts AFTER UPDATE OF parts_stored ON conversations
     WHEN new.parts_stored IS NOT old.parts_stored BEGIN
     UPDATE table_counts SET rows = rows + new.parts_stored - old.parts_stored WHERE name = 'conversation_parts';
   END`,
  `CREATE TRIGGER table_counts_contact_insert AFTER INSERT ON contacts BEGIN
     UPDATE table_counts SET rows = rows + 1 WHERE name = 'contacts';
   END`,
  `CREATE TRIGGER table_counts_contact_delete AFTER DELETE ON contacts BEGIN
     UPDATE table_counts SET rows = rows - 1 WHERE name = 'contacts';
   END`,
  `CREATE INDEX conversations_recent ON conversations (updated_at)`,
  `DROP INDEX IF EXISTS conversations_state_updated_at`,
  `CREATE INDEX conversations_state_recent ON conversations (state, updated_at)`,
  `CREATE INDEX conversations_admin_recent ON conversations (admin_assignee_id, updated_at)`,
  `CREATE INDEX conversations_team_recent ON conversations (team_assignee_id, updated_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['recent', 'state_recent', 'admin_recent', 'team_recent']) {
    await sql.raw(`DROP INDEX IF EXISTS conversations_${name}`).execute(db);
  }
  await sql
    .raw(
      'CREATE INDEX IF NOT EXISTS conversations_state_updated_at ON conversations (state, updated_at DESC)',
    )
    .execute(db);
  for (const name of [
    'conversation_insert',
    'conversation_delete',
    'conversation_parts',
    'contact_insert',
    'contact_delete',
  ]) {
    await sql.raw(`DROP TRIGGER IF EXISTS table_counts_${name}`).execute(db);
  }
  await sql.raw('DROP TABLE IF EXISTS table_counts').execute(db);
}
