import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Indexes the read queries need. Conversation rows are wide (they carry the opening message's HTML
 * and text), so queries that read many conversations read them from a narrow covering index instead:
 * `conversations_period_stats` holds, in created_at order, every column team performance and the
 * per-conversation metrics use, plus `parts_stored` so the stored-parts total is a sum over this index
 * rather than a scan of every part.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS conversations_period_stats ON conversations (
              created_at, admin_assignee_id, team_assignee_id, state, first_admin_reply_at, last_close_at,
              count_reopens, rating_value, source_delivered_as, source_author_type, id, parts_stored)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS conversations_period_stats`.execute(db);
}
