import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Smaller copies. Compression dictionaries trained on the workspace's own payloads (raw-payloads.ts). A raw payload's
 * `encoding` is 1 for the built-in dictionary, or the `encoding` of one of these rows. A row is written
 * (and committed) before any payload that uses it, and never changed or removed while a payload names it.
 */
export const payloadDictionaryStatements: readonly string[] = [
  // Every part repeated its author's email (and a notified_at equal to its creation time): 1.5 MB of a
  // 5,000-conversation copy's 39 MB, read by no query. Authors' emails are in contacts and admins, and
  // every part's whole JSON in raw_payloads.
  `ALTER TABLE conversation_parts DROP COLUMN author_email`,
  `ALTER TABLE conversation_parts DROP COLUMN notified_at`,
  `ALTER TABLE ticket_parts DROP COLUMN author_email`,
  // No query looks teammates up by admin (they are read per conversation): 0.48 MB of the same copy.
  `DROP INDEX conversation_teammates_admin`,
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
