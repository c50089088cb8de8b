import type { FicDatabase } from '../db/open-database.js';
import type { ConversationRecord } from './conversation-record.js';
import { all } from './statement-cache.js';
import type { AttachmentRef, ConversationInsights } from './query-types.js';

/** Custom attributes shown at most (a workspace may define hundreds); the rest are counted. */
export const MAX_CUSTOM_ATTRIBUTES = 40;
/** A longer attribute value is cut to this many characters (an attribute can hold a whole document). */
const MAX_ATTRIBUTE_CHARS = 500;
const MAX_LINKED_OBJECTS = 20;
/** Attachments listed at most per conversation. */
export const MAX_ATTACHMENTS = 50;

/**
 * The fields of a conversation beyond its thread: custom attributes with Intercom's AI insights (CX
 * Score, Topics), Fin, SLA, channel, company, linked tickets and conversations, teammates. Bounded, so
 * an MCP answer stays small whatever the workspace stores.
 */
export function conversationInsights(database: FicDatabase, row: ConversationRecord): ConversationInsights {
  const attributes = parseJson(row.custom_attributes);
  const entries =
    attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)
      ? Object.entries(attributes as Record<string, unknown>)
      : [];
  const linked = all<{ object_type: string; object_id: string; category: string | null }>(
    database,
    `SELECT object_type, object_id, category FROM conversation_linked_objects
      WHERE conversation_id = ? ORDER BY object_type, object_id LIMIT ?`,
    [row.id, MAX_LINKED_OBJECTS],
  );
  const teammates = all<{ id: string; name: string | null }>(
    database,
    `SELECT ct.admin_id AS id, a.name FROM conversation_teammates ct LEFT JOIN admins a ON a.id = ct.admin_id
      WHERE ct.conversation_id = ? ORDER BY ct.admin_id`,
    [row.id],
  );
  const finTookPart = row.ai_agent_participated === 1;
  return {
    cxScore:
      row.cx_score_rating === null && row.cx_score_explanation === null
        ? null
        : { rating: row.cx_score_rating, explanation: row.cx_score_explanation },
    topics: parseJson(row.topics),
    customAttributes: Object.fromEntries(
      entries.slice(0, MAX_CUSTOM_ATTRIBUTES).map(([key, value]) => [key, bounded(value)]),
    ),
    customAttributesOmitted: Math.max(0, entries.length - MAX_CUSTOM_ATTRIBUTES),
    aiAgent:
      !finTookPart && row.ai_agent_resolution_state === null
        ? null
        : {
            participated: finTookPart,
            resolutionState: row.ai_agent_resolution_state,
            rating: row.ai_agent_rating,
            ratingRemark: row.ai_agent_rating_remark,
            sourceType: row.ai_agent_source_type,
            sourceTitle: row.ai_agent_source_title,
            lastAnswerType: row.ai_agent_last_answer_type,
            contentSources: arrayOf(parseJson(row.ai_agent_content_sources)).slice(0, 10),
          },
    sla:
      row.sla_name === null && row.sla_status === null
        ? null
        : { name: row.sla_name, status: row.sla_status },
    channel:
      row.channel_initial === null && row.channel_current === null
        ? null
        : { initial: row.channel_initial, current: row.channel_current },
    companyId: row.company_id,
    linkedObjects: linked.map((item) => ({
      type: item.object_type,
      id: item.object_id,
      category: item.category,
    })),
    teammates,
  };
}

/** Attachments of the opening message (key 'source') and of the given parts, by part id. */
export function conversationAttachments(
  database: FicDatabase,
  conversationId: string,
): Map<string, AttachmentRef[]> {
  const rows = all<{
    part_id: string | null;
    name: string | null;
    url: string | null;
    content_type: string | null;
    filesize: number | null;
  }>(
    database,
    `SELECT part_id, name, url, content_type, filesize FROM conversation_attachments
      WHERE conversation_id = ? ORDER BY part_id, position LIMIT ?`,
    [conversationId, MAX_ATTACHMENTS],
  );
  const byPart = new Map<string, AttachmentRef[]>();
  for (const row of rows) {
    const key = row.part_id ?? 'source';
    const list = byPart.get(key) ?? [];
    list.push({ name: row.name, url: row.url, contentType: row.content_type, filesize: row.filesize });
    byPart.set(key, list);
  }
  return byPart;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function bounded(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS) {
    return `${value.slice(0, MAX_ATTRIBUTE_CHARS)}...`;
  }
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > MAX_ATTRIBUTE_CHARS ? `${text.slice(0, MAX_ATTRIBUTE_CHARS)}...` : value;
  }
  return value;
}
