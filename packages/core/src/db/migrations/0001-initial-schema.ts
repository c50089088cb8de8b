import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The first schema. Everything a sync writes and every query reads. The full-text index is the only
 * SQLite-specific part: an FTS5 table whose content is the `conversation_documents` view, so message
 * text is stored once (in the rows) and indexed once.
 */
const statements = [
  `CREATE TABLE conversations (
    row_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    waiting_since INTEGER,
    snoozed_until INTEGER,
    title TEXT,
    state TEXT NOT NULL,
    open INTEGER NOT NULL,
    read INTEGER NOT NULL,
    priority TEXT,
    admin_assignee_id TEXT,
    team_assignee_id TEXT,
    contact_id TEXT,
    source_type TEXT,
    source_delivered_as TEXT,
    source_subject TEXT,
    source_author_type TEXT,
    source_author_id TEXT,
    source_author_name TEXT,
    source_author_email TEXT,
    source_body_html TEXT,
    source_body_text TEXT,
    source_url TEXT,
    first_contact_reply_at INTEGER,
    first_assignment_at INTEGER,
    first_admin_reply_at INTEGER,
    first_close_at INTEGER,
    last_assignment_at INTEGER,
    last_assignment_admin_reply_at INTEGER,
    last_contact_reply_at INTEGER,
    last_admin_reply_at INTEGER,
    last_close_at INTEGER,
    last_closed_by_id TEXT,
    count_reopens INTEGER,
    count_assignments INTEGER,
    count_conversation_parts INTEGER,
    time_to_assignment INTEGER,
    time_to_admin_reply INTEGER,
    time_to_first_close INTEGER,
    time_to_last_close INTEGER,
    median_time_to_reply INTEGER,
    rating_value INTEGER,
    rating_remark TEXT,
    rating_created_at INTEGER,
    rating_teammate_id TEXT,
    parts_total_count INTEGER NOT NULL DEFAULT 0,
    parts_stored INTEGER NOT NULL DEFAULT 0,
    parts_complete INTEGER NOT NULL DEFAULT 1,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE INDEX conversations_updated_at ON conversations (updated_at DESC, id)`,
  `CREATE INDEX conversations_created_at ON conversations (created_at)`,
  `CREATE INDEX conversations_state_updated_at ON conversations (state, updated_at DESC)`,
  `CREATE INDEX conversations_admin_assignee ON conversations (admin_assignee_id, created_at)`,
  `CREATE INDEX conversations_team_assignee ON conversations (team_assignee_id, created_at)`,
  `CREATE INDEX conversations_contact ON conversations (contact_id, updated_at DESC)`,

  `CREATE TABLE conversation_parts (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body_html TEXT,
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
    PRIMARY KEY (conversation_id, position)
  ) WITHOUT ROWID`,

  `CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    role TEXT,
    email TEXT,
    email_domain TEXT,
    name TEXT,
    phone TEXT,
    external_id TEXT,
    created_at INTEGER,
    updated_at INTEGER,
    signed_up_at INTEGER,
    last_seen_at INTEGER,
    location_country TEXT,
    location_city TEXT,
    fetched INTEGER NOT NULL DEFAULT 0,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE)`,
  `CREATE INDEX contacts_email_domain ON contacts (email_domain)`,

  `CREATE TABLE conversation_contacts (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, contact_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX conversation_contacts_contact ON conversation_contacts (contact_id)`,

  `CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    name TEXT,
    email TEXT,
    job_title TEXT,
    away_mode_enabled INTEGER NOT NULL DEFAULT 0,
    away_mode_reassign INTEGER NOT NULL DEFAULT 0,
    has_inbox_seat INTEGER NOT NULL DEFAULT 0,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE TABLE team_admins (
    team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    admin_id TEXT NOT NULL,
    PRIMARY KEY (team_id, admin_id)
  ) WITHOUT ROWID`,
  `CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  )`,
  `CREATE TABLE conversation_tags (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL,
    applied_at INTEGER,
    PRIMARY KEY (conversation_id, tag_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX conversation_tags_tag ON conversation_tags (tag_id)`,

  `CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    status TEXT NOT NULL,
    mode TEXT NOT NULL,
    window_start INTEGER,
    pid INTEGER NOT NULL,
    conversations_seen INTEGER NOT NULL DEFAULT 0,
    conversations_synced INTEGER NOT NULL DEFAULT 0,
    parts_synced INTEGER NOT NULL DEFAULT 0,
    contacts_synced INTEGER NOT NULL DEFAULT 0,
    api_requests INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    rate_limited INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER,
    peak_rss_mb REAL,
    conversations_per_second REAL,
    error_code TEXT,
    error_message TEXT
  )`,
  `CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,

  // One search document per conversation: title and subject, then the opening message and every
  // part's text in order. FTS5 reads it back through this view for snippet() and integrity checks.
  `CREATE VIEW conversation_documents AS
    SELECT c.row_id AS doc_id,
      trim(coalesce(c.title, '') || ' ' || coalesce(c.source_subject, '')) AS subject,
      concat_ws(char(10), c.source_body_text,
        (SELECT group_concat(p.body_text, char(10) ORDER BY p.position)
           FROM conversation_parts p
          WHERE p.conversation_id = c.id AND p.body_text IS NOT NULL AND p.body_text <> '')) AS body
    FROM conversations c`,
  `CREATE VIRTUAL TABLE conversations_fts USING fts5 (
    subject, body,
    content = 'conversation_documents',
    content_rowid = 'doc_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'conversations_fts',
    'conversation_tags',
    'tags',
    'team_admins',
    'teams',
    'admins',
    'conversation_contacts',
    'contacts',
    'conversation_parts',
    'sync_state',
    'sync_runs',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${name}`).execute(db);
  }
  await sql.raw('DROP VIEW IF EXISTS conversation_documents').execute(db);
  await sql.raw('DROP TABLE IF EXISTS conversations').execute(db);
}
