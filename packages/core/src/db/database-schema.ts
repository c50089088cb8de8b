import type { ColumnType, Generated } from 'kysely';

/**
 * The SQLite schema as Kysely sees it. Timestamps are integer Unix seconds (as Intercom sends them);
 * booleans are 0/1 integers. Ids are Intercom's, kept as strings.
 */
export interface Database {
  conversations: ConversationsTable;
  conversation_parts: ConversationPartsTable;
  conversation_contacts: ConversationContactsTable;
  conversation_tags: ConversationTagsTable;
  contacts: ContactsTable;
  admins: AdminsTable;
  teams: TeamsTable;
  team_admins: TeamAdminsTable;
  tags: TagsTable;
  sync_runs: SyncRunsTable;
  sync_state: SyncStateTable;
  deleted_conversations: DeletedConversationsTable;
  sync_failures: SyncFailuresTable;
  raw_payloads: RawPayloadsTable;
  raw_payload_dictionaries: RawPayloadDictionariesTable;
  conversation_linked_objects: ConversationLinkedObjectsTable;
  conversation_teammates: ConversationTeammatesTable;
  conversation_attachments: ConversationAttachmentsTable;
  contact_tags: ContactTagsTable;
  contact_companies: ContactCompaniesTable;
  /** View: one search document per conversation, the content of `conversations_fts`. */
  conversation_documents: ConversationDocumentsView;
  tickets: TicketsTable;
  ticket_parts: TicketPartsTable;
  ticket_contacts: TicketContactsTable;
  ticket_links: TicketLinksTable;
  ticket_types: TicketTypesTable;
  /** View: one search document per ticket (title; description then parts' text), the content of `tickets_fts`. */
  ticket_documents: ConversationDocumentsView;
  companies: CompaniesTable;
  company_tags: CompanyTagsTable;
  personal_tokens: PersonalTokensTable;
  table_counts: TableCountsTable;
}

/** Row counts kept by triggers (migration 0009) so status reads them instead of counting. */
export interface TableCountsTable {
  /** 'conversations', 'conversation_parts' (the sum of parts_stored) or 'contacts'. */
  name: string;
  rows: number;
}

export type Flag = 0 | 1;

export interface ConversationsTable {
  /** Stable integer key (rowid alias) that the full-text index refers to; never reused or renumbered. */
  row_id: Generated<number>;
  id: string;
  created_at: number;
  updated_at: number;
  waiting_since: number | null;
  snoozed_until: number | null;
  title: string | null;
  /** open | closed | snoozed */
  state: string;
  open: Flag;
  read: Flag;
  /** priority | not_priority */
  priority: string | null;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  /** The first contact of the conversation (the customer), denormalised for filters. */
  contact_id: string | null;
  source_type: string | null;
  /** customer_initiated | admin_initiated | automated | ... */
  source_delivered_as: string | null;
  source_subject: string | null;
  source_author_type: string | null;
  source_author_id: string | null;
  source_author_name: string | null;
  source_author_email: string | null;
  /** The opening message as plain text (its HTML is in the raw payload). */
  source_body_text: string | null;
  source_url: string | null;
  // statistics (null where Intercom sends none)
  first_contact_reply_at: number | null;
  first_assignment_at: number | null;
  first_admin_reply_at: number | null;
  first_close_at: number | null;
  last_assignment_at: number | null;
  last_assignment_admin_reply_at: number | null;
  last_contact_reply_at: number | null;
  last_admin_reply_at: number | null;
  last_close_at: number | null;
  last_closed_by_id: string | null;
  count_reopens: number | null;
  count_assignments: number | null;
  count_conversation_parts: number | null;
  time_to_assignment: number | null;
  time_to_admin_reply: number | null;
  time_to_first_close: number | null;
  time_to_last_close: number | null;
  median_time_to_reply: number | null;
  // conversation_rating
  rating_value: number | null;
  rating_remark: string | null;
  rating_created_at: number | null;
  rating_teammate_id: string | null;
  /** `conversation_parts.total_count` as the API reported it. */
  parts_total_count: number;
  /** How many parts we stored (at most 500: the API shows only the most recent 500). */
  parts_stored: number;
  /** 1 when every part of the conversation is stored; 0 when Intercom's 500-part cap cut the thread. */
  parts_complete: Flag;
  /** When fic last wrote this row (Unix seconds). */
  synced_at: number;
  /** JSON object of the conversation's custom attributes as the API sent them; null when it sent none. */
  custom_attributes: Optional<string>;
  /** Intercom's AI insight "CX Score rating" (1-5) from the custom attributes, when present. */
  cx_score_rating: Optional<number>;
  /** Intercom's "CX Score explanation" from the custom attributes. */
  cx_score_explanation: Optional<string>;
  /** JSON of the "Topics" custom attribute, when present. */
  topics: Optional<string>;
  /** 1 when Fin (the AI agent) took part, 0 when the API said it did not, null when it did not say. */
  ai_agent_participated: Optional<Flag>;
  /** assumed_resolution | confirmed_resolution | escalated | negative_feedback | procedure_handoff (2.16) */
  ai_agent_resolution_state: Optional<string>;
  ai_agent_rating: Optional<number>;
  ai_agent_rating_remark: Optional<string>;
  /** essentials_plan_setup | profile | workflow | workflow_preview | fin_preview */
  ai_agent_source_type: Optional<string>;
  ai_agent_source_title: Optional<string>;
  ai_agent_last_answer_type: Optional<string>;
  /** JSON list of the content sources Fin answered from. */
  ai_agent_content_sources: Optional<string>;
  sla_name: Optional<string>;
  /** hit | missed | cancelled | active */
  sla_status: Optional<string>;
  channel_initial: Optional<string>;
  channel_current: Optional<string>;
  company_id: Optional<string>;
}

/** A column added after the first schema: absent from old writes, null until a sync fills it. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface ConversationPartsTable {
  conversation_id: string;
  /** 0-based order within the conversation, oldest first. */
  position: number;
  id: string;
  /** comment | note | assignment | open | close | snoozed | away_mode_assignment | ... */
  part_type: string;
  /** Plain text of the part (its HTML is in the raw payload). */
  body_text: string | null;
  created_at: number;
  updated_at: number | null;
  /** admin | bot | user | lead | contact | team */
  author_type: string | null;
  author_id: string | null;
  author_name: string | null;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  redacted: Flag;
  /** JSON list of the tags on the part ({id, name}), null when none. */
  tags: Optional<string>;
  /** JSON of the part's metadata object, null when none. */
  metadata: Optional<string>;
}

export interface ConversationContactsTable {
  conversation_id: string;
  contact_id: string;
  position: number;
  /** The conversation's updated_at and row_id (migration 0011), for the customer's recent list. */
  updated_at: number | null;
  conversation_row_id: number | null;
}

export interface ConversationTagsTable {
  conversation_id: string;
  tag_id: string;
  applied_at: number | null;
  /** The conversation's updated_at and row_id (migration 0011), for the tag's recent list. */
  updated_at: number | null;
  conversation_row_id: number | null;
}

export interface ContactsTable {
  id: string;
  /** user | lead */
  role: string | null;
  email: string | null;
  /** Lower-cased domain of `email`, for "everything from acme.com". */
  email_domain: string | null;
  name: string | null;
  phone: string | null;
  external_id: string | null;
  created_at: number | null;
  updated_at: number | null;
  signed_up_at: number | null;
  last_seen_at: number | null;
  location_country: string | null;
  location_city: string | null;
  /** 1 once the full contact was fetched (contact search or GET /contacts/{id}); 0 for a stub known only from a conversation. */
  fetched: Flag;
  synced_at: number;
  /** When the sync found the contact gone from Intercom (deleted, or merged into another), else null. */
  gone_at: ColumnType<number | null, number | null | undefined, number | null>;
  /**
   * The contact it was merged into, when the sync saw it: a conversation that named this contact came
   * back naming that one, and this one then answered 404.
   */
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON object of the contact's custom attributes, null when none. */
  custom_attributes: Optional<string>;
}

/** The JSON of every conversation and contact as the API returned it, compressed (raw-payloads.ts). */
export interface RawPayloadsTable {
  /** conversation | contact | company | ticket */
  kind: string;
  id: string;
  /** When fic fetched it (Unix seconds). */
  fetched_at: number;
  /**
   * How `body` is encoded (raw-payloads.ts): 1 = raw deflate with the built-in dictionary; 2 and up =
   * raw deflate with that row of `raw_payload_dictionaries`.
   */
  encoding: number;
  body: Uint8Array;
  /** Conversations only: a JSON list of parts the copy kept that fell out of the API's 500-part window, same encoding. */
  kept_parts: Uint8Array | null;
}

/** Deflate dictionaries trained on the workspace's first payloads of a kind (raw-payloads.ts). */
export interface RawPayloadDictionariesTable {
  /** The `raw_payloads.encoding` that names it (2 and up). */
  encoding: number;
  /** The payload kind it was trained on and is used for. */
  kind: string;
  created_at: number;
  dictionary: Uint8Array;
}

export interface ConversationLinkedObjectsTable {
  conversation_id: string;
  /** ticket | conversation */
  object_type: string;
  object_id: string;
  category: string | null;
}

export interface ConversationTeammatesTable {
  conversation_id: string;
  admin_id: string;
}

export interface ConversationAttachmentsTable {
  conversation_id: string;
  /** The part carrying it; null for the opening message. */
  part_id: string | null;
  /** Order within its part (or the opening message). */
  position: number;
  name: string | null;
  url: string | null;
  content_type: string | null;
  filesize: number | null;
  width: number | null;
  height: number | null;
}

export interface ContactTagsTable {
  contact_id: string;
  tag_id: string;
}

export interface ContactCompaniesTable {
  contact_id: string;
  company_id: string;
}

export interface AdminsTable {
  id: string;
  name: string | null;
  email: string | null;
  job_title: string | null;
  away_mode_enabled: Flag;
  away_mode_reassign: Flag;
  has_inbox_seat: Flag;
  synced_at: number;
}

export interface TeamsTable {
  id: string;
  name: string;
  synced_at: number;
}

export interface TeamAdminsTable {
  team_id: string;
  admin_id: string;
}

export interface TagsTable {
  id: string;
  name: string;
  synced_at: number;
}

export interface SyncRunsTable {
  id: Generated<number>;
  started_at: number;
  finished_at: number | null;
  /** running | succeeded | failed | interrupted */
  status: string;
  /** full | incremental | window */
  mode: string;
  /** Lower bound of updated_at this run asked for (Unix seconds), null for everything. */
  window_start: number | null;
  pid: number;
  conversations_seen: ColumnType<number, number | undefined, number>;
  conversations_synced: ColumnType<number, number | undefined, number>;
  parts_synced: ColumnType<number, number | undefined, number>;
  contacts_synced: ColumnType<number, number | undefined, number>;
  api_requests: ColumnType<number, number | undefined, number>;
  retries: ColumnType<number, number | undefined, number>;
  rate_limited: ColumnType<number, number | undefined, number>;
  errors: ColumnType<number, number | undefined, number>;
  duration_ms: number | null;
  peak_rss_mb: number | null;
  conversations_per_second: number | null;
  error_code: string | null;
  error_message: string | null;
  /** Conversations removed because Intercom deleted them. */
  conversations_deleted: ColumnType<number, number | undefined, number>;
  /** Conversations whose fetch still failed after retries (recorded in sync_failures, skipped). */
  conversations_failed: ColumnType<number, number | undefined, number>;
  /** 1 when the run re-listed a deeper window (reconciliation). */
  reconciled: ColumnType<Flag, Flag | undefined, Flag>;
  /** JSON: what else the run found (reconciliation counts, dense seconds, missing permissions). */
  notes: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeletedConversationsTable {
  id: string;
  /** Intercom's deleted_at (Unix seconds); null when the deletion was learned from a 404. */
  deleted_at: number | null;
  /** When the copy removed the conversation. */
  removed_at: number;
  /** deleted_list (GET /conversations/deleted) | not_found (a fetch answered 404) */
  source: string;
}

export interface SyncFailuresTable {
  /** conversation | contact */
  kind: string;
  id: string;
  /** The FicError code of the last failure (api, timeout, malformed_response, permission...). */
  error_code: string;
  error_message: string;
  /** HTTP status of the last failure, when there was one. */
  status: number | null;
  /** Syncs that tried and failed (each after its own retries). */
  attempts: number;
  first_seen_at: number;
  last_seen_at: number;
}

export interface SyncStateTable {
  key: string;
  /** JSON */
  value: string;
  updated_at: number;
}

export interface ConversationDocumentsView {
  doc_id: ColumnType<number, never, never>;
  subject: ColumnType<string, never, never>;
  body: ColumnType<string, never, never>;
}

export interface TicketsTable {
  /** Stable integer key (rowid alias) that `tickets_fts` refers to. */
  row_id: Generated<number>;
  id: string;
  /** The number the Inbox shows (Intercom's `ticket_id`): never used for API requests. */
  ticket_number: string | null;
  /** Customer | Back-office | Tracker */
  category: string | null;
  ticket_type_id: string | null;
  ticket_type_name: string | null;
  state_id: string | null;
  /** submitted | in_progress | waiting_on_customer | resolved */
  state_category: string | null;
  state_internal_label: string | null;
  state_external_label: string | null;
  /** ticket_attributes._default_title_ */
  title: string | null;
  /** ticket_attributes._default_description_ */
  description: string | null;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  /** The first contact of the ticket, denormalised for filters. */
  contact_id: string | null;
  created_at: number;
  updated_at: number;
  open: Flag;
  snoozed_until: number | null;
  is_shared: Flag | null;
  /** ticket_parts.total_count as Intercom reported it. */
  parts_total_count: number;
  parts_stored: number;
  /** 0 when Intercom's 500-part cap cut the thread. */
  parts_complete: Flag;
  /** JSON object: every ticket attribute, as sent. */
  ticket_attributes: string;
  synced_at: number;
}

export interface TicketPartsTable {
  ticket_id: string;
  /** 0-based order in the thread as Intercom listed it. */
  position: number;
  id: string;
  part_type: string;
  /** The part's HTML as plain text (fic never needs the HTML: it stays in the raw payload). */
  body_text: string | null;
  previous_state: string | null;
  state: string | null;
  created_at: number;
  updated_at: number | null;
  author_type: string | null;
  author_id: string | null;
  author_name: string | null;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  /** JSON list of {name, url, content_type, filesize}, or null without attachments. */
  attachments: string | null;
  redacted: Flag;
}

export interface TicketContactsTable {
  ticket_id: string;
  contact_id: string;
  position: number;
  /** The conversation's updated_at and row_id (migration 0011), for the customer's recent list. */
  updated_at: number | null;
  conversation_row_id: number | null;
}

export interface TicketLinksTable {
  ticket_id: string;
  /** conversation | ticket */
  object_type: string;
  object_id: string;
  category: string | null;
}

export interface TicketTypesTable {
  id: string;
  name: string | null;
  description: string | null;
  icon: string | null;
  category: string | null;
  archived: Flag;
  is_internal: Flag;
  created_at: number | null;
  updated_at: number | null;
  synced_at: number;
}

export interface CompaniesTable {
  row_id: Generated<number>;
  id: string;
  /** The workspace's own id for the company. */
  company_id: string | null;
  name: string | null;
  plan_id: string | null;
  plan_name: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number | null;
  session_count: number | null;
  user_count: number | null;
  remote_created_at: number | null;
  created_at: number | null;
  updated_at: number | null;
  last_request_at: number | null;
  /** JSON object, as sent. */
  custom_attributes: string;
  synced_at: number;
}

export interface CompanyTagsTable {
  company_id: string;
  tag_id: string;
  name: string | null;
}

/** `fic serve`'s personal access tokens: the SHA-256 of each token, never the token. */
export interface PersonalTokensTable {
  name: string;
  token_hash: string;
  scope: 'read' | 'sync';
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}
