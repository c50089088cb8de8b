import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Month rollups next to the day rollups of migration 0010: one row per grouping and UTC calendar month
 * of created_at (`month` = year × 12 + month − 1). A year then reads about 12 month rows and the edge
 * days instead of 365 day rows: at 100,000 conversations decoding and merging the day rows was most of a
 * one-year query.
 *
 * Hour, day and month rows share a new `seconds` format (core/db/rollup-codec.ts): a format number
 * (1: the lists are int32, 0: float64), per group 9 float64 counts (assigned, closed, reopened, rating
 * count, rating sum, first-response and time-to-close counts, and how many distinct values each has),
 * then per group its two value lists, each as its distinct values ascending followed (unless every value
 * is distinct) by their cumulative counts. Values repeat (whole minutes, copied workspaces), so a bucket's
 * bytes grow with its distinct values rather than its conversations; seconds are whole, so int32 halves
 * what a query reads; medians stay exact.
 * The day rows of 0010's format are dropped and their days marked stale: the next sync's end (or fic
 * rebuild) recomputes them, and the query reads stale days from the rows meanwhile.
 *
 * A month row is built from its day rows (core/db/performance-rollups.ts), so it is only as fresh as they
 * are: recomputing a day marks its month in performance_stale_months, and the query uses a month row only
 * when neither the month nor any of its days is stale (else it reads the month's days, still exact).
 * No triggers: every change reaches a month through a day recompute.
 *
 * Hour rollups (`hour` = created_at / 3600), same format, recomputed with their day and stale with it:
 * a period rarely starts or ends on a day boundary, and at 1,000,000 conversations reading its two
 * partial edge days from the rows was most of a one-year query (2 of 3.3 ms). With hours only the two
 * partial hours are read from the rows.
 *
 * Numbered 0012 after another branch's 0011: the index sorts by name, so both apply in order.
 */
const MONTH_OF_DAY = `CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
  + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1`;

/** A rollup table in migration 0010's shape: one row per grouping and bucket. */
async function createRollupTable(db: Kysely<unknown>, table: string, bucket: string): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE ${table} (
         group_by TEXT NOT NULL,
         ${bucket} INTEGER NOT NULL,
         groups TEXT NOT NULL,
         seconds BLOB NOT NULL,
         PRIMARY KEY (group_by, ${bucket})) WITHOUT ROWID`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createRollupTable(db, 'performance_month_rollups', 'month');
  await createRollupTable(db, 'performance_hour_rollups', 'hour');
  await sql`CREATE TABLE performance_stale_months (month INTEGER PRIMARY KEY)`.execute(db);
  await sql`INSERT OR IGNORE INTO performance_stale_days (day)
      SELECT DISTINCT day FROM performance_day_rollups`.execute(db);
  await sql`DELETE FROM performance_day_rollups`.execute(db);
  // Every month with days waiting for a rollup starts stale: the next refresh builds it.
  await sql
    .raw(
      `INSERT OR IGNORE INTO performance_stale_months (month)
       SELECT DISTINCT ${MONTH_OF_DAY} FROM performance_stale_days`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS performance_stale_months`.execute(db);
  await sql`DROP TABLE IF EXISTS performance_month_rollups`.execute(db);
  await sql`DROP TABLE IF EXISTS performance_hour_rollups`.execute(db);
}
