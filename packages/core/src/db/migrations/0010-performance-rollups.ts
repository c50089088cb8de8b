import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Team performance rollups: one row per grouping ('admin' or 'team') and UTC day of created_at.
 * `groups` is a JSON array of the day's group keys (null: unassigned). `seconds` is float64s: first,
 * per group in that order, 7 counts (assigned, closed, reopened, rating count, rating sum,
 * first-response count, time-to-close count); then, per group, its first-response and time-to-close
 * values, each list sorted. Medians and p90 over whole days stay exact (no histogram approximation).
 * One row per day, not per group and day, and counts in binary rather than JSON: a year with 30
 * groups is 365 rows instead of 11,000, and reading a row or parsing JSON numbers costs far more than
 * copying the bytes.
 *
 * The rollups are kept by recomputing whole days: triggers on conversations mark the days a write
 * changes (old and new created_at day) in performance_stale_days, and core/db/performance-rollups.ts
 * recomputes stale days (a few per sync page in the page's transaction, the rest after the sync's
 * conversation pass or a rebuild). Triggers catch every write path (sync pages, deletions, rebuild,
 * any future one) in the writing transaction; the query reads stale days from the raw rows, so its
 * answer is exact whatever is still stale. The trigger WHEN clauses compare the metric columns, because
 * the sync's upsert sets every column even when a conversation's metrics did not change.
 *
 * Numbered after 0009 (another branch's migration): the index sorts by name, so both apply in order.
 */
/**
 * A trigger statement marking a day stale. Not INSERT OR IGNORE: inside a trigger the outer
 * statement's conflict clause (the sync's INSERT OR REPLACE / upsert) overrides the trigger's own.
 */
function markStale(day: string): string {
  return `INSERT INTO performance_stale_days (day) SELECT ${day}
    WHERE NOT EXISTS (SELECT 1 FROM performance_stale_days WHERE day = ${day});`;
}

const METRIC_COLUMNS = [
  'created_at',
  'state',
  'rating_value',
  'admin_assignee_id',
  'team_assignee_id',
  'first_admin_reply_at',
  'last_close_at',
  'count_reopens',
  'source_delivered_as',
  'source_author_type',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE performance_day_rollups (
      group_by TEXT NOT NULL,
      day INTEGER NOT NULL,
      groups TEXT NOT NULL,
      seconds BLOB NOT NULL,
      PRIMARY KEY (group_by, day)) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE performance_stale_days (day INTEGER PRIMARY KEY)`.execute(db);
  await sql
    .raw(
      `CREATE TRIGGER conversations_performance_insert AFTER INSERT ON conversations BEGIN
         ${markStale('NEW.created_at / 86400')}
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER conversations_performance_delete AFTER DELETE ON conversations BEGIN
         ${markStale('OLD.created_at / 86400')}
       END`,
    )
    .execute(db);
  const changed = METRIC_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ');
  await sql
    .raw(
      `CREATE TRIGGER conversations_performance_update AFTER UPDATE OF ${METRIC_COLUMNS.join(', ')}
       ON conversations WHEN ${changed} BEGIN
         ${markStale('OLD.created_at / 86400')}
         ${markStale('NEW.created_at / 86400')}
       END`,
    )
    .execute(db);
  // Every day already stored starts stale: the next sync (or fic rebuild) computes them.
  await sql`INSERT INTO performance_stale_days (day)
      SELECT DISTINCT created_at / 86400 FROM conversations`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS conversations_performance_insert`.execute(db);
  await sql`DROP TRIGGER IF EXISTS conversations_performance_delete`.execute(db);
  await sql`DROP TRIGGER IF EXISTS conversations_performance_update`.execute(db);
  await sql`DROP TABLE IF EXISTS performance_stale_days`.execute(db);
  await sql`DROP TABLE IF EXISTS performance_day_rollups`.execute(db);
}
