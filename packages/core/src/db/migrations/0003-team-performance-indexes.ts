import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Covering indexes for team performance over long periods, led by the assignee so per-group counts
 * and value lists come out of the index already in group order (no sort of the period's rows). They
 * store the first-response and time-to-close seconds as indexed expressions, so a scan neither reads
 * the text columns they depend on nor recomputes them. The expression texts must stay identical to
 * FIRST_RESPONSE_SECONDS_SQL and CLOSE_SECONDS_SQL in queries/conversation-metrics.ts (copied here,
 * not imported, because a migration must not change after it shipped).
 */
const FIRST_RESPONSE_SECONDS = `CASE WHEN first_admin_reply_at IS NOT NULL AND (CASE WHEN source_delivered_as IS NOT NULL THEN source_delivered_as = 'customer_initiated' ELSE source_author_type IN ('user', 'lead', 'contact') END) THEN first_admin_reply_at - created_at END`;
const CLOSE_SECONDS = `CASE WHEN state = 'closed' THEN last_close_at - created_at END`;
const COLUMNS = `created_at, state, count_reopens, rating_value, (${FIRST_RESPONSE_SECONDS}), (${CLOSE_SECONDS})`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE INDEX IF NOT EXISTS conversations_admin_performance ON conversations (admin_assignee_id, ${COLUMNS})`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE INDEX IF NOT EXISTS conversations_team_performance ON conversations (team_assignee_id, ${COLUMNS})`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS conversations_admin_performance`.execute(db);
  await sql`DROP INDEX IF EXISTS conversations_team_performance`.execute(db);
}
