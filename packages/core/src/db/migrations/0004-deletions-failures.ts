import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * What a copy that stays true needs beyond the first schema: tombstones of conversations deleted in
 * Intercom (a deletion is often a privacy request: the row and its text go, the id and time stay so
 * status can report it and a late listing cannot bring it back), the fetches that keep failing (skipped,
 * retried first by later syncs), and contacts that no longer exist (deleted or merged into another).
 */
const statements = [
  `CREATE TABLE deleted_conversations (
    id TEXT PRIMARY KEY,
    deleted_at INTEGER,
    removed_at INTEGER NOT NULL,
    source TEXT NOT NULL
  )`,
  `CREATE INDEX deleted_conversations_removed_at ON deleted_conversations (removed_at)`,
  `CREATE TABLE sync_failures (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    error_code TEXT NOT NULL,
    error_message TEXT NOT NULL,
    status INTEGER,
    attempts INTEGER NOT NULL,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
  )`,
  `ALTER TABLE contacts ADD COLUMN gone_at INTEGER`,
  `ALTER TABLE contacts ADD COLUMN merged_into_id TEXT`,
  `ALTER TABLE sync_runs ADD COLUMN conversations_deleted INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sync_runs ADD COLUMN conversations_failed INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sync_runs ADD COLUMN reconciled INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sync_runs ADD COLUMN notes TEXT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS sync_failures').execute(db);
  await sql.raw('DROP TABLE IF EXISTS deleted_conversations').execute(db);
  for (const column of ['conversations_deleted', 'conversations_failed', 'reconciled', 'notes']) {
    await sql.raw(`ALTER TABLE sync_runs DROP COLUMN ${column}`).execute(db);
  }
  for (const column of ['gone_at', 'merged_into_id']) {
    await sql.raw(`ALTER TABLE contacts DROP COLUMN ${column}`).execute(db);
  }
}
