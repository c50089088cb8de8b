import { generateBody, topicByIndex } from './body-generator.js';
import type { BodyKind } from './body-generator.js';
import type { ConversationSkeleton, SkeletonPart } from './conversation-skeleton.js';
import { BOT } from './directory.js';
import { htmlToPlainText } from './html-text.js';
import { hashSeed } from './random.js';
import type { ConversationSummary } from './statistics.js';
import type { Workspace } from './workspace.js';

/** Turns a conversation's skeleton into the JSON objects of the 2.16 API. */

/** The API shows at most this many parts: the most recent ones. */
export const PART_LIMIT = 500;

export interface RenderOptions {
  /** Intercom-Version below 2.16: `priority`/`not_priority` and null for unassigned. */
  legacy: boolean;
  plaintext: boolean;
}

type Json = Record<string, unknown>;

export function partId(index: number, position: number): string {
  return String(10_000_000_000 + index * 100_000 + position);
}

export function sourceBody(workspace: Workspace, index: number, skeleton: ConversationSkeleton): string {
  return generateBody(hashSeed(workspace.seed, 0x50, index), 'source', topicByIndex(skeleton.topic));
}

export function sourceSubject(skeleton: ConversationSkeleton, seed: number): string {
  if (skeleton.sourceType !== 'email') return '';
  const subjects = topicByIndex(skeleton.topic).subjects;
  return subjects[seed % subjects.length] ?? '';
}

function bodyKind(item: SkeletonPart): BodyKind {
  if (item.author === 'bot') return 'bot';
  if (item.type === 'note') return 'note';
  return item.author === 'contact' ? 'contact' : 'admin';
}

export function partBody(
  workspace: Workspace,
  index: number,
  position: number,
  skeleton: ConversationSkeleton,
  item: SkeletonPart,
): string | null {
  if (!item.hasBody) return null;
  return generateBody(
    hashSeed(workspace.seed, 0xb0, index, position),
    bodyKind(item),
    topicByIndex(skeleton.topic),
  );
}

export function authorOf(
  workspace: Workspace,
  skeleton: ConversationSkeleton,
  item: { author: string; adminIndex: number },
): Json {
  if (item.author === 'bot') return { type: 'bot', id: BOT.id, name: BOT.name, email: BOT.email };
  if (item.author === 'admin') {
    const admin = workspace.directory.admin(item.adminIndex);
    return { type: 'admin', id: admin.id, name: admin.name, email: admin.email };
  }
  const contact = workspace.directory.contact(skeleton.contactIndex);
  const author: Json = { type: contact.role, id: contact.id, name: contact.name };
  if (contact.email !== null) author.email = contact.email;
  return author;
}

function attachmentsOf(body: string | null, seed: number): Json[] {
  if (body === null || !body.includes('intercom-container')) return [];
  const url = /src="([^"]+)"/.exec(body)?.[1] ?? '';
  return [
    {
      type: 'upload',
      name: 'screenshot.png',
      url,
      content_type: 'image/png',
      filesize: 20_000 + (seed % 400_000),
      width: 1280,
      height: 800,
    },
  ];
}

function assignedTo(workspace: Workspace, item: SkeletonPart): Json | null {
  if (item.type !== 'assignment' && item.type !== 'away_mode_assignment') return null;
  if (item.assignAdmin >= 0) return { type: 'admin', id: workspace.directory.admin(item.assignAdmin).id };
  if (item.assignTeam >= 0) return { type: 'team', id: workspace.directory.team(item.assignTeam).id };
  return null;
}

function renderParts(
  workspace: Workspace,
  index: number,
  skeleton: ConversationSkeleton,
  summary: ConversationSummary,
  options: RenderOptions,
): Json {
  const total = skeleton.parts.length;
  const first = Math.max(0, total - PART_LIMIT);
  const parts: Json[] = [];
  for (let position = first; position < total; position++) {
    const item = skeleton.parts[position];
    if (item === undefined) continue;
    const html = partBody(workspace, index, position, skeleton, item);
    parts.push({
      type: 'conversation_part',
      id: partId(index, position),
      part_type: item.type,
      body: html === null || !options.plaintext ? html : htmlToPlainText(html),
      created_at: item.createdAt,
      updated_at: item.createdAt,
      notified_at: item.createdAt,
      assigned_to: assignedTo(workspace, item),
      author: authorOf(workspace, skeleton, item),
      attachments: attachmentsOf(html, hashSeed(index, position)),
      external_id: null,
      redacted: false,
      email_message_metadata: null,
      state: summary.partStates[position] ?? 'open',
      tags: [],
      event_details: null,
      app_package_code: null,
    });
  }
  return { type: 'conversation_part.list', conversation_parts: parts, total_count: total };
}

function withoutNulls(statistics: object): Json {
  // The 2.16 spec types these as plain integers, so absent values are left out rather than null.
  return Object.fromEntries(Object.entries(statistics).filter(([, value]) => value !== null));
}

/** A conversation without its parts (what lists and searches show). */
function conversationWithoutParts(
  workspace: Workspace,
  index: number,
  skeleton: ConversationSkeleton,
  summary: ConversationSummary,
  options: RenderOptions,
): Json {
  const directory = workspace.directory;
  const contact = directory.contact(skeleton.contactIndex);
  const contactRef = { type: 'contact', id: contact.id, external_id: contact.externalId };
  const seed = workspace.conversationSeed(index);
  const body = sourceBody(workspace, index, skeleton);
  const subject = sourceSubject(skeleton, seed);
  const sourceAuthor =
    skeleton.sourceKind === 'admin'
      ? authorOf(workspace, skeleton, { author: 'admin', adminIndex: skeleton.sourceAdmin })
      : { type: contact.role, id: contact.id, name: contact.name, email: contact.email };
  const tags = skeleton.tagIndexes.map((tag, slot) => ({
    type: 'tag',
    id: directory.tag(tag).id,
    name: directory.tag(tag).name,
    applied_at: Math.min(skeleton.createdAt + 60 * (slot + 1), summary.updatedAt),
    applied_by: { type: 'admin', id: directory.admin((seed + slot) % directory.admins.length).id },
  }));
  const priority = workspace.priority[index] ?? 0;
  const priorityName = ['none', 'low', 'medium', 'high', 'urgent'][priority] ?? 'none';
  const unassigned = options.legacy ? null : 0;
  const lastCloser =
    summary.lastClosedBy >= 0
      ? directory.admin(summary.lastClosedBy).id
      : summary.lastClosedBy === -2
        ? BOT.id
        : null;
  const statistics: Json = { type: 'conversation_statistics', ...withoutNulls(summary.statistics) };
  if (lastCloser !== null) statistics.last_closed_by_id = lastCloser;
  const rating =
    skeleton.rating !== null && summary.statistics.last_close_at !== null
      ? {
          rating: skeleton.rating.score,
          remark: skeleton.rating.score >= 4 ? 'Great support, thanks!' : 'Took too long to solve',
          created_at: summary.statistics.last_close_at,
          updated_at: summary.statistics.last_close_at,
          contact: contactRef,
          teammate: { type: 'admin', id: lastCloser ?? directory.admin(0).id },
        }
      : null;
  const conversation: Json = {
    type: 'conversation',
    id: workspace.idOf(index),
    created_at: skeleton.createdAt,
    updated_at: summary.updatedAt,
    waiting_since: summary.waitingSince,
    snoozed_until: summary.snoozedUntil,
    source: {
      type: skeleton.sourceType,
      id: String(400_000_000 + index),
      delivered_as: skeleton.sourceKind === 'admin' ? 'admin_initiated' : 'customer_initiated',
      subject,
      body: options.plaintext ? htmlToPlainText(body) : body,
      author: sourceAuthor,
      attachments: attachmentsOf(body, seed),
      url:
        skeleton.sourceType === 'conversation' && skeleton.sourceKind === 'contact'
          ? 'https://app.example.com/settings'
          : null,
      redacted: false,
    },
    contacts: { type: 'contact.list', contacts: [contactRef] },
    first_contact_reply:
      summary.statistics.first_contact_reply_at === null
        ? null
        : { created_at: summary.statistics.first_contact_reply_at, type: skeleton.sourceType, url: null },
    admin_assignee_id:
      summary.adminAssignee >= 0 ? Number(directory.admin(summary.adminAssignee).id) : unassigned,
    team_assignee_id:
      summary.teamAssignee >= 0 ? Number(directory.team(summary.teamAssignee).id) : unassigned,
    open: summary.state !== 'closed',
    state: summary.state,
    read: workspace.read[index] === 1,
    tags: { type: 'tag.list', tags },
    priority: options.legacy ? (priority > 0 ? 'priority' : 'not_priority') : priorityName,
    sla_applied: null,
    statistics,
    conversation_rating: rating,
    teammates: {
      type: 'admin.list',
      teammates: summary.teammates.map((admin) => ({ type: 'admin', id: directory.admin(admin).id })),
    },
    title: skeleton.hasTitle ? subject : null,
    custom_attributes: {},
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
  };
  return conversation;
}

export function renderConversation(
  workspace: Workspace,
  index: number,
  withParts: boolean,
  options: RenderOptions,
): Json {
  const { skeleton, summary } = workspace.summary(index);
  const conversation = conversationWithoutParts(workspace, index, skeleton, summary, options);
  if (withParts) conversation.conversation_parts = renderParts(workspace, index, skeleton, summary, options);
  return conversation;
}

/**
 * The JSON text of a conversation in two pieces, each generated once: without its parts, and its
 * `conversation_parts` object. `conversation_parts` is the last key, so the detail text is
 * `withoutParts.slice(0, -1) + ',"conversation_parts":' + parts + '}'`, exactly what encoding
 * renderConversation(..., true, ...) gives.
 */
export function renderConversationJson(
  workspace: Workspace,
  index: number,
  options: RenderOptions,
): { withoutParts: string; parts: string } {
  const { skeleton, summary } = workspace.summary(index);
  return {
    withoutParts: JSON.stringify(conversationWithoutParts(workspace, index, skeleton, summary, options)),
    parts: JSON.stringify(renderParts(workspace, index, skeleton, summary, options)),
  };
}
