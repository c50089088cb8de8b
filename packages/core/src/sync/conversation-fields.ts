import type { Flag } from '../db/database-schema.js';

/**
 * The fields of a conversation beyond its thread and statistics (issue 11): custom attributes with
 * Intercom's AI insights (CX Score, Topics), Fin, SLA, channel, company, linked objects, teammates and
 * attachments, as the columns and rows the writer stores. Tolerant by design: any of them may be
 * missing, null or (in older API versions) shaped differently, and then maps to null / no rows.
 */
export interface ConversationFieldsInput {
  custom_attributes?: unknown;
  ai_agent_participated?: boolean | null;
  ai_agent?: unknown;
  sla_applied?: unknown;
  linked_objects?: unknown;
  teammates?: unknown;
  channel?: unknown;
  company?: unknown;
}

export interface ConversationFieldColumns {
  custom_attributes: string | null;
  cx_score_rating: number | null;
  cx_score_explanation: string | null;
  topics: string | null;
  ai_agent_participated: Flag | null;
  ai_agent_resolution_state: string | null;
  ai_agent_rating: number | null;
  ai_agent_rating_remark: string | null;
  ai_agent_source_type: string | null;
  ai_agent_source_title: string | null;
  ai_agent_last_answer_type: string | null;
  ai_agent_content_sources: string | null;
  sla_name: string | null;
  sla_status: string | null;
  channel_initial: string | null;
  channel_current: string | null;
  company_id: string | null;
}

export interface LinkedObjectRow {
  object_type: string;
  object_id: string;
  category: string | null;
}

export interface AttachmentRow {
  /** null: the opening message. */
  part_id: string | null;
  position: number;
  name: string | null;
  url: string | null;
  content_type: string | null;
  filesize: number | null;
  width: number | null;
  height: number | null;
}

/** Intercom's names for its AI insights among the custom attributes. */
const CX_SCORE_RATING = 'cx score rating';
const CX_SCORE_EXPLANATION = 'cx score explanation';
const TOPICS = new Set(['topics', 'topic']);

export function conversationFieldColumns(input: ConversationFieldsInput): ConversationFieldColumns {
  const attributes = record(input.custom_attributes);
  const entries = attributes === undefined ? [] : Object.entries(attributes);
  const attribute = (matches: (key: string) => boolean): unknown =>
    entries.find(([key]) => matches(key.trim().toLowerCase()))?.[1];
  const cxRating = attribute((key) => key === CX_SCORE_RATING);
  const cxExplanation = attribute((key) => key === CX_SCORE_EXPLANATION);
  const topics = attribute((key) => TOPICS.has(key));
  const agent = record(input.ai_agent) ?? {};
  const sources = agent['content_sources'];
  const sla = record(input.sla_applied) ?? {};
  const channel = record(input.channel) ?? {};
  const company = record(input.company);
  return {
    custom_attributes: entries.length === 0 ? null : JSON.stringify(attributes),
    cx_score_rating: number(cxRating),
    cx_score_explanation: text(cxExplanation),
    topics: topics === undefined || topics === null ? null : JSON.stringify(topics),
    ai_agent_participated:
      typeof input.ai_agent_participated === 'boolean' ? (input.ai_agent_participated ? 1 : 0) : null,
    ai_agent_resolution_state: text(agent['resolution_state']),
    ai_agent_rating: number(agent['rating']),
    ai_agent_rating_remark: text(agent['rating_remark']),
    ai_agent_source_type: text(agent['source_type']),
    ai_agent_source_title: text(agent['source_title']),
    ai_agent_last_answer_type: text(agent['last_answer_type']),
    ai_agent_content_sources: contentSources(sources),
    sla_name: text(sla['sla_name']),
    sla_status: text(sla['sla_status']),
    channel_initial: text(channel['initial']),
    channel_current: text(channel['current']),
    company_id: company === undefined ? null : id(company['id']),
  };
}

/** `linked_objects.data`: tickets and conversations linked to this one. */
export function linkedObjectRows(linked: unknown): LinkedObjectRow[] {
  const rows: LinkedObjectRow[] = [];
  const seen = new Set<string>();
  for (const item of list(record(linked)?.['data'])) {
    const object = record(item);
    const objectId = id(object?.['id']);
    const type = text(object?.['type']) ?? 'unknown';
    if (objectId === null || seen.has(`${type}:${objectId}`)) continue;
    seen.add(`${type}:${objectId}`);
    rows.push({ object_type: type, object_id: objectId, category: text(object?.['category']) });
  }
  return rows;
}

/** Admin ids of `teammates` ({teammates: [...]} in 2.16, {admins: [...]} in what some workspaces send). */
export function teammateIds(teammates: unknown): string[] {
  const value = record(teammates);
  const items = [...list(value?.['teammates']), ...list(value?.['admins'])];
  const ids = items.map((item) => id(record(item)?.['id'])).filter((item): item is string => item !== null);
  return [...new Set(ids)];
}

/** The attachments of the opening message (partId null) or of one part. */
export function attachmentRows(attachments: unknown, partId: string | null): AttachmentRow[] {
  return list(attachments).map((item, position) => {
    const attachment = record(item) ?? {};
    return {
      part_id: partId,
      position,
      name: text(attachment['name']),
      url: text(attachment['url']),
      content_type: text(attachment['content_type']),
      filesize: number(attachment['filesize']),
      width: number(attachment['width']),
      height: number(attachment['height']),
    };
  });
}

/** A part's tags as JSON [{id, name}], null without any. */
export function partTagsJson(tags: unknown): string | null {
  const items = list(tags)
    .map((item) => record(item))
    .filter((item) => item !== undefined)
    .map((item) => ({ id: id(item['id']), name: text(item['name']) }));
  return items.length === 0 ? null : JSON.stringify(items);
}

/** A part's metadata object as JSON, null when absent or empty. */
export function metadataJson(metadata: unknown): string | null {
  const value = record(metadata);
  return value === undefined || Object.keys(value).length === 0 ? null : JSON.stringify(value);
}

function contentSources(sources: unknown): string | null {
  const value = record(sources);
  const items = value === undefined ? list(sources) : list(value['content_sources']);
  return items.length === 0 ? null : JSON.stringify(items);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function number(value: unknown): number | null {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : null;
}

function id(value: unknown): string | null {
  return (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : null;
}
