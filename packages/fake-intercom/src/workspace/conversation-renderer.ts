import { statisticsEntries, statisticsWithheld } from '../realism/explicit-nulls.js';
import { generateBody, topicByIndex } from './body-generator.js';
import type { ConversationSkeleton } from './conversation-skeleton.js';
import { companyJson } from '../routes/company-routes.js';
import { conversationInsights } from './conversation-insights.js';
import { BOT } from './directory.js';
import { htmlToPlainText } from './html-text.js';
import { attachmentsOf, authorOf, renderParts } from './part-renderer.js';
import { hashSeed } from './random.js';
import type { ConversationSummary } from './statistics.js';
import { TICKET_TYPES } from './ticket-types.js';
import type { Workspace } from './workspace.js';

/** Turns a conversation's skeleton into the JSON objects of the 2.16 API. */

export { PART_LIMIT, partId } from './part-renderer.js';

export interface RenderOptions {
  /** Intercom-Version below 2.16: `priority`/`not_priority` and null for unassigned. */
  legacy: boolean;
  plaintext: boolean;
}

type Json = Record<string, unknown>;

export function sourceBody(workspace: Workspace, index: number, skeleton: ConversationSkeleton): string {
  const body = generateBody(hashSeed(workspace.seed, 0x50, index), 'source', topicByIndex(skeleton.topic));
  if (workspace.messageBytes <= body.length) return body;
  // A customer pasting a log: the message repeated until it is that large.
  return body.repeat(Math.ceil(workspace.messageBytes / Math.max(1, body.length)));
}

export function sourceSubject(skeleton: ConversationSkeleton, seed: number): string {
  if (skeleton.sourceType !== 'email') return '';
  const subjects = topicByIndex(skeleton.topic).subjects;
  return subjects[seed % subjects.length] ?? '';
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
  const realism = workspace.realism;
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
  const statistics: Json = {
    type: 'conversation_statistics',
    ...statisticsEntries(summary.statistics, realism.explicitNulls),
  };
  if (lastCloser !== null || realism.explicitNulls) statistics.last_closed_by_id = lastCloser;
  // The live API counts the opening message here; conversation_parts.total_count does not.
  if (realism.countsOpeningMessage) statistics.count_conversation_parts = skeleton.parts.length + 1;
  const teammates = summary.teammates.map((admin) => ({ type: 'admin', id: directory.admin(admin).id }));
  const primary = workspace.linkedTo(index);
  const insights = conversationInsights(workspace.seed, index, skeleton, summary);
  const linked: Json[] = [];
  if (primary !== undefined)
    linked.push({ type: 'conversation', id: workspace.idOf(primary), category: null });
  for (const ticketIndex of workspace.tickets.ticketsOfConversation(index)) {
    const ticket = workspace.tickets.ticket(ticketIndex);
    linked.push({ type: 'ticket', id: ticket.id, category: ticketCategory(ticket.typeIndex) });
  }
  const companyIndex = workspace.companies.companiesOf(skeleton.contactIndex)[0];
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
      subject: subject === '' && realism.explicitNulls ? null : subject,
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
    sla_applied: insights.slaApplied,
    statistics: statisticsWithheld(workspace, index) ? null : statistics,
    conversation_rating: rating,
    teammates:
      teammates.length === 0 && realism.explicitNulls
        ? null
        : realism.teammatesAsAdmins
          ? { type: 'admin.list', admins: teammates }
          : { type: 'admin.list', teammates },
    title: skeleton.hasTitle ? subject : null,
    custom_attributes: insights.customAttributes,
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: linked, total_count: linked.length, has_more: false },
    ai_agent: insights.aiAgent,
    ai_agent_participated: insights.aiAgentParticipated,
    // The contact's (first) company, as the spec's `company`; null when the contact has none.
    company:
      companyIndex === undefined ? null : companyJson(workspace.companies.company(companyIndex), workspace),
    channel: insights.channel,
  };
  return conversation;
}

function ticketCategory(typeIndex: number): string | null {
  return TICKET_TYPES[typeIndex]?.category ?? null;
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

/**
 * A conversation as GET /conversations/{id} renders it (HTML, 2.16) but with every part ever, not only
 * the API's window: what truth() is built from.
 */
export function renderConversationWithAllParts(workspace: Workspace, index: number): Json {
  const options: RenderOptions = { legacy: false, plaintext: false };
  const { skeleton, summary } = workspace.summary(index);
  const conversation = conversationWithoutParts(workspace, index, skeleton, summary, options);
  conversation.conversation_parts = renderParts(workspace, index, skeleton, summary, options, 0);
  return conversation;
}
