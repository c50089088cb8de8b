/**
 * Per-conversation service metrics from the statistics Intercom reports on each conversation, read
 * from columns only (no parts are touched, so a month of conversations costs one index range). Each
 * statistic has a parts equivalent, and the query tests check the results against it:
 *
 * - first response: statistics.first_admin_reply_at − created_at, for customer-initiated
 *   conversations only (source_delivered_as 'customer_initiated', else a user/lead/contact opener).
 *   Parts: the first part of type 'comment' written by an admin.
 * - close: for conversations closed now, statistics.last_close_at − created_at.
 *   Parts: the last part of type 'close'.
 * - reopens: statistics.count_reopens. Parts: the number of parts of type 'open'.
 *
 * The statistics cover the whole thread even when Intercom's 500-part cap hid the oldest parts.
 */

/** SELECT-list fragment over `conversations c`. */
export const CONVERSATION_METRICS_COLUMNS = `
  c.id, c.created_at, c.state, c.rating_value, c.admin_assignee_id, c.team_assignee_id,
  c.first_admin_reply_at, c.last_close_at, c.count_reopens, c.source_delivered_as, c.source_author_type`;

export interface ConversationMetricsRow {
  id: string;
  created_at: number;
  state: string;
  rating_value: number | null;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  first_admin_reply_at: number | null;
  last_close_at: number | null;
  count_reopens: number | null;
  source_delivered_as: string | null;
  source_author_type: string | null;
}

export interface ConversationMetrics {
  /** Null when no admin replied or the conversation was not customer-initiated. */
  firstResponseSeconds: number | null;
  /** Null unless closed now. */
  closedAt: number | null;
  closeSeconds: number | null;
  reopens: number;
}

export function conversationMetrics(row: ConversationMetricsRow): ConversationMetrics {
  const closedAt = row.state === 'closed' ? row.last_close_at : null;
  return {
    firstResponseSeconds:
      isCustomerInitiated(row) && row.first_admin_reply_at !== null
        ? row.first_admin_reply_at - row.created_at
        : null,
    closedAt,
    closeSeconds: closedAt === null ? null : closedAt - row.created_at,
    reopens: row.count_reopens ?? 0,
  };
}

export const CUSTOMER_AUTHOR_TYPES: ReadonlySet<string> = new Set(['user', 'lead', 'contact']);

/** Intercom's delivered_as when known, else whether a user, lead or contact wrote the opening message. */
export function isCustomerInitiated(row: {
  source_delivered_as: string | null;
  source_author_type: string | null;
}): boolean {
  if (row.source_delivered_as !== null) return row.source_delivered_as === 'customer_initiated';
  return CUSTOMER_AUTHOR_TYPES.has(row.source_author_type ?? '');
}

/**
 * The per-conversation metrics as SQL expressions over bare `conversations` columns (null when the
 * metric does not apply), for queries that aggregate in SQL. Migration 0003 indexes these exact texts
 * (SQLite reads an indexed expression from the index only when the query's text matches it): change
 * them only together with a migration that re-creates those indexes.
 */
export const FIRST_RESPONSE_SECONDS_SQL = `CASE WHEN first_admin_reply_at IS NOT NULL AND (CASE WHEN source_delivered_as IS NOT NULL THEN source_delivered_as = 'customer_initiated' ELSE source_author_type IN ('user', 'lead', 'contact') END) THEN first_admin_reply_at - created_at END`;
export const CLOSE_SECONDS_SQL = `CASE WHEN state = 'closed' THEN last_close_at - created_at END`;
