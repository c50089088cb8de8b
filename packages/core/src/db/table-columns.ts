import type { Insertable } from 'kysely';
import type {
  AdminsTable,
  ContactsTable,
  ConversationPartsTable,
  ConversationsTable,
} from './database-schema.js';

/**
 * The writable columns of each table, in the order prepared statements bind them. TypeScript interfaces
 * vanish at run time, so the lists are spelled out; `columnsOf` fails to compile if one misses a column.
 */
function columnsOf<Row>() {
  return <const Columns extends readonly (keyof Row & string)[]>(
    columns: Columns &
      ([Exclude<keyof Row, Columns[number]>] extends [never]
        ? unknown
        : { missingColumns: Exclude<keyof Row, Columns[number]> }),
  ): Columns => columns;
}

export const conversationColumns = columnsOf<Omit<Insertable<ConversationsTable>, 'row_id'>>()([
  'id',
  'created_at',
  'updated_at',
  'waiting_since',
  'snoozed_until',
  'title',
  'state',
  'open',
  'read',
  'priority',
  'admin_assignee_id',
  'team_assignee_id',
  'contact_id',
  'source_type',
  'source_delivered_as',
  'source_subject',
  'source_author_type',
  'source_author_id',
  'source_author_name',
  'source_author_email',
  'source_body_text',
  'source_url',
  'first_contact_reply_at',
  'first_assignment_at',
  'first_admin_reply_at',
  'first_close_at',
  'last_assignment_at',
  'last_assignment_admin_reply_at',
  'last_contact_reply_at',
  'last_admin_reply_at',
  'last_close_at',
  'last_closed_by_id',
  'count_reopens',
  'count_assignments',
  'count_conversation_parts',
  'time_to_assignment',
  'time_to_admin_reply',
  'time_to_first_close',
  'time_to_last_close',
  'median_time_to_reply',
  'rating_value',
  'rating_remark',
  'rating_created_at',
  'rating_teammate_id',
  'parts_total_count',
  'parts_stored',
  'parts_complete',
  'synced_at',
  'custom_attributes',
  'cx_score_rating',
  'cx_score_explanation',
  'topics',
  'ai_agent_participated',
  'ai_agent_resolution_state',
  'ai_agent_rating',
  'ai_agent_rating_remark',
  'ai_agent_source_type',
  'ai_agent_source_title',
  'ai_agent_last_answer_type',
  'ai_agent_content_sources',
  'sla_name',
  'sla_status',
  'channel_initial',
  'channel_current',
  'company_id',
]);

export const partColumns = columnsOf<Insertable<ConversationPartsTable>>()([
  'conversation_id',
  'position',
  'id',
  'part_type',
  'body_text',
  'created_at',
  'updated_at',
  'author_type',
  'author_id',
  'author_name',
  'assigned_to_type',
  'assigned_to_id',
  'redacted',
  'tags',
  'metadata',
]);

export const contactColumns = columnsOf<Insertable<ContactsTable>>()([
  'id',
  'role',
  'email',
  'email_domain',
  'name',
  'phone',
  'external_id',
  'created_at',
  'updated_at',
  'signed_up_at',
  'last_seen_at',
  'location_country',
  'location_city',
  'fetched',
  'synced_at',
  'gone_at',
  'merged_into_id',
  'custom_attributes',
]);

export const adminColumns = columnsOf<Insertable<AdminsTable>>()([
  'id',
  'name',
  'email',
  'job_title',
  'away_mode_enabled',
  'away_mode_reassign',
  'has_inbox_seat',
  'synced_at',
]);
