import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Storage rework, raw payloads and the conversation/contact fields of issue 11.
 *
 * - The search document view is rewritten for SQLite 3.37+ (Debian 12's 3.40, Ubuntu 22.04, macOS):
 *   `group_concat(... ORDER BY ...)` and `concat_ws` are 3.44+, and a file whose schema holds them does
 *   not open at all in an older SQLite. The parts are ordered in a subquery before group_concat, which
 *   SQLite aggregates in that order; the document text is byte-for-byte what the old view built, so the
 *   FTS5 index stays valid (its 'delete' reads the document back through the view).
 * - `conversation_parts` becomes an ordinary rowid table: as WITHOUT ROWID, every row over ~1 KB spilled
 *   into overflow pages (measured with dbstat: 12.4 MB for 2.3 MB of text on 2,000 conversations).
 * - HTML is no longer stored in the tables (`source_body_html`, `body_html`): nothing displays it, and
 *   the raw payload keeps it exactly as the API sent it.
 * - `raw_payloads`: the JSON body of every conversation and contact as the API returned it, compressed
 *   (raw-payloads.ts), so `fic rebuild` can re-derive every table without refetching.
 * - First-class fields: custom attributes (CX Score and Topics surfaced), Fin (ai_agent), SLA, channel,
 *   company, linked objects, teammates, attachments, part tags and metadata, contact custom attributes,
 *   tags and companies. Filters read them through the partial indexes below.
 */
const statements = [
  // The view goes first: a table it names cannot be dropped or renamed under it.
  `DROP VIEW conversation_documents`,
  `CREATE TABLE conversation_parts_v5 (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body_text TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    notified_at INTEGER,
    author_type TEXT,
    author_id TEXT,
    author_name TEXT,
    author_email TEXT,
    assigned_to_type TEXT,
    assigned_to_id TEXT,
    redacted INTEGER NOT NULL DEFAULT 0,
    tags TEXT,
    metadata TEXT
  )`,
  `INSERT INTO conversation_parts_v5 (conversation_id, position, id, part_type, body_text, created_at,
      updated_at, notified_at, author_type, author_id, author_name, author_email, assigned_to_type,
      assigned_to_id, redacted)
    SELECT conversation_id, position, id, part_type, body_text, created_at, updated_at, notified_at,
      author_type, author_id, author_name, author_email, assigned_to_type, assigned_to_id, redacted
    FROM conversation_parts ORDER BY conversation_id, position`,
  `DROP TABLE conversation_parts`,
  `ALTER TABLE conversation_parts_v5 RENAME TO conversation_parts`,
  `CREATE UNIQUE INDEX conversation_parts_position ON conversation_parts (conversation_id, position)`,
  `ALTER TABLE conversations DROP COLUMN source_body_html`,

  // The parts' text is written out twice, once per branch; only the branch taken runs it.
  `CREATE VIEW conversation_documents AS
    SELECT c.row_id AS doc_id,
      trim(coalesce(c.title, '') || ' ' || coalesce(c.source_subject, '')) AS subject,
      CASE WHEN c.source_body_text IS NULL THEN coalesce((SELECT group_concat(body_text, char(10)) FROM (SELECT p.body_text FROM conversation_parts p
        WHERE p.conversation_id = c.id AND p.body_text IS NOT NULL AND p.body_text <> '' ORDER BY p.position)), '')
      ELSE c.source_body_text || coalesce(char(10) || (SELECT group_concat(body_text, char(10)) FROM (SELECT p.body_text FROM conversation_parts p
        WHERE p.conversation_id = c.id AND p.body_text IS NOT NULL AND p.body_text <> '' ORDER BY p.position)), '') END AS body
    FROM conversations c`,

  `CREATE TABLE raw_payloads (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    encoding INTEGER NOT NULL,
    body BLOB NOT NULL,
    kept_parts BLOB,
    PRIMARY KEY (kind, id)
  )`,

  `ALTER TABLE conversations ADD COLUMN custom_attributes TEXT`,
  `ALTER TABLE conversations ADD COLUMN cx_score_rating INTEGER`,
  `ALTER TABLE conversations ADD COLUMN cx_score_explanation TEXT`,
  `ALTER TABLE conversations ADD COLUMN topics TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_participated INTEGER`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_resolution_state TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_rating INTEGER`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_rating_remark TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_source_type TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_source_title TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_last_answer_type TEXT`,
  `ALTER TABLE conversations ADD COLUMN ai_agent_content_sources TEXT`,
  `ALTER TABLE conversations ADD COLUMN sla_name TEXT`,
  `ALTER TABLE conversations ADD COLUMN sla_status TEXT`,
  `ALTER TABLE conversations ADD COLUMN channel_initial TEXT`,
  `ALTER TABLE conversations ADD COLUMN channel_current TEXT`,
  `ALTER TABLE conversations ADD COLUMN company_id TEXT`,
  `CREATE INDEX conversations_cx_score ON conversations (cx_score_rating, created_at)
     WHERE cx_score_rating IS NOT NULL`,
  `CREATE INDEX conversations_ai_agent ON conversations (ai_agent_resolution_state, created_at)
     WHERE ai_agent_participated = 1`,
  `CREATE INDEX conversations_sla ON conversations (sla_status, created_at) WHERE sla_status IS NOT NULL`,
  `CREATE INDEX conversations_company ON conversations (company_id, updated_at DESC)
     WHERE company_id IS NOT NULL`,

  `CREATE TABLE conversation_linked_objects (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    category TEXT,
    PRIMARY KEY (conversation_id, object_type, object_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX conversation_linked_objects_object ON conversation_linked_objects (object_id)`,
  `CREATE TABLE conversation_teammates (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    admin_id TEXT NOT NULL,
    PRIMARY KEY (conversation_id, admin_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX conversation_teammates_admin ON conversation_teammates (admin_id)`,
  `CREATE TABLE conversation_attachments (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    part_id TEXT,
    position INTEGER NOT NULL,
    name TEXT,
    url TEXT,
    content_type TEXT,
    filesize INTEGER,
    width INTEGER,
    height INTEGER
  )`,
  `CREATE INDEX conversation_attachments_conversation ON conversation_attachments (conversation_id)`,

  `ALTER TABLE contacts ADD COLUMN custom_attributes TEXT`,
  `CREATE TABLE contact_tags (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX contact_tags_tag ON contact_tags (tag_id)`,
  `CREATE TABLE contact_companies (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    company_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, company_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX contact_companies_company ON contact_companies (company_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export function down(): Promise<void> {
  // The HTML columns cannot be refilled from the tables: going back means restoring a backup.
  return Promise.reject(new Error('0005-storage-raw-payloads-fields cannot be reverted'));
}
