import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Personal access tokens for `fic serve` (`fic token create`). Only the SHA-256 of each token is kept:
 * a token is 256 random bits, so a fast hash is as safe as a slow one and lets a request find its row by
 * index. The name is how people, `fic token revoke` and the audit log refer to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE personal_tokens (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        scope TEXT NOT NULL CHECK (scope IN ('read', 'sync')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      )`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS personal_tokens').execute(db);
}
