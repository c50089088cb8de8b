import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Tickets (POST /tickets/search, GET /tickets/{id}) and companies (GET /companies). Ticket parts keep
 * their text only (HTML converted as conversation parts are); what the API said in full stays in the
 * raw payloads. `tickets_fts` is an external-content index over `ticket_documents`, written with the
 * rows (ticket-writer.ts) like conversations_fts. Everything here opens in SQLite 3.37: the view orders
 * parts in a subquery instead of `group_concat(... ORDER BY ...)` (3.44) and joins with `||`, not
 * concat_ws (3.44).
 */
export const ticketCompanySchemaStatements: readonly string[] = [
  `CREATE TABLE ticket_types (
    id TEXT PRIMARY KEY,
    name TEXT,
    description TEXT,
    icon TEXT,
    category TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    is_internal INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER,
    updated_at INTEGER,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE TABLE tickets (
    row_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket_number TEXT,
    category TEXT,
    ticket_type_id TEXT,
    ticket_type_name TEXT,
    state_id TEXT,
    state_category TEXT,
    state_internal_label TEXT,
    state_external_label TEXT,
    title TEXT,
    description TEXT,
    admin_assignee_id TEXT,
    team_assignee_id TEXT,
    contact_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    open INTEGER NOT NULL,
    snoozed_until INTEGER,
    is_shared INTEGER,
    parts_total_count INTEGER NOT NULL,
    parts_stored INTEGER NOT NULL,
    parts_complete INTEGER NOT NULL,
    ticket_attributes TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE INDEX tickets_updated_at ON tickets (updated_at)`,
  `CREATE INDEX tickets_state_updated ON tickets (state_category, updated_at)`,
  `CREATE INDEX tickets_type_updated ON tickets (ticket_type_id, updated_at)`,
  `CREATE INDEX tickets_contact ON tickets (contact_id, updated_at)`,
  `CREATE TABLE ticket_parts (
    ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body_text TEXT,
    previous_state TEXT,
    state TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    author_type TEXT,
    author_id TEXT,
    author_name TEXT,
    author_email TEXT,
    assigned_to_type TEXT,
    assigned_to_id TEXT,
    attachments TEXT,
    redacted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, position)
  )`,
  `CREATE TABLE ticket_contacts (
    ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, contact_id)
  )`,
  `CREATE INDEX ticket_contacts_contact ON ticket_contacts (contact_id)`,
  `CREATE TABLE ticket_links (
    ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    category TEXT,
    PRIMARY KEY (ticket_id, object_type, object_id)
  )`,
  `CREATE INDEX ticket_links_object ON ticket_links (object_type, object_id)`,
  `CREATE VIEW ticket_documents AS
    SELECT t.row_id AS doc_id,
      coalesce(t.title, '') AS subject,
      coalesce(t.description, '') || coalesce((
        SELECT char(10) || group_concat(body_text, char(10))
          FROM (SELECT p.body_text FROM ticket_parts p
                 WHERE p.ticket_id = t.id AND p.body_text IS NOT NULL AND p.body_text <> ''
                 ORDER BY p.position)), '') AS body
    FROM tickets t`,
  `CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    subject, body,
    content = 'ticket_documents',
    content_rowid = 'doc_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`,
  `CREATE TABLE companies (
    row_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    company_id TEXT,
    name TEXT,
    plan_id TEXT,
    plan_name TEXT,
    size INTEGER,
    website TEXT,
    industry TEXT,
    monthly_spend REAL,
    session_count INTEGER,
    user_count INTEGER,
    remote_created_at INTEGER,
    created_at INTEGER,
    updated_at INTEGER,
    last_request_at INTEGER,
    custom_attributes TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE INDEX companies_name ON companies (name COLLATE NOCASE)`,
  `CREATE INDEX companies_company_id ON companies (company_id)`,
  `CREATE TABLE company_tags (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL,
    name TEXT,
    PRIMARY KEY (company_id, tag_id)
  )`,
  // Filled from contacts' payloads by the contact writer; 0005 may have created it already.
  `CREATE TABLE IF NOT EXISTS contact_companies (
    contact_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, company_id)
  )`,
  `CREATE INDEX IF NOT EXISTS contact_companies_company ON contact_companies (company_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of ticketCompanySchemaStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['tickets_fts', 'ticket_links', 'ticket_contacts', 'ticket_parts', 'company_tags']) {
    await sql.raw(`DROP TABLE IF EXISTS ${name}`).execute(db);
  }
  await sql.raw('DROP VIEW IF EXISTS ticket_documents').execute(db);
  for (const name of ['tickets', 'ticket_types', 'companies']) {
    await sql.raw(`DROP TABLE IF EXISTS ${name}`).execute(db);
  }
}
