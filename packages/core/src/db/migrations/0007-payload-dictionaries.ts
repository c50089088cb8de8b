import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Compression dictionaries trained on the workspace's own payloads (raw-payloads.ts). A raw payload's
 * `encoding` is 1 for the built-in dictionary, or the `encoding` of one of these rows. A row is written
 * (and committed) before any payload that uses it, and never changed or removed while a payload names it.
 */
export const payloadDictionaryStatements: readonly string[] = [
  `CREATE TABLE raw_payload_dictionaries (
    encoding INTEGER PRIMARY KEY CHECK (encoding >= 2),
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    dictionary BLOB NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of payloadDictionaryStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE raw_payload_dictionaries').execute(db);
}
