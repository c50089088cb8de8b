import type { FicDatabase } from '../db/open-database.js';
import {
  ASSIGNED_TO_NAME,
  loadConversation,
  loadConversationPeople,
  subjectOf,
} from './conversation-record.js';
import type { ConversationRecord } from './conversation-record.js';
import { conversationMetrics, CUSTOMER_AUTHOR_TYPES } from './conversation-metrics.js';
import type { ConversationMetrics } from './conversation-metrics.js';
import { all, one } from './statement-cache.js';
import { isoTime, isoTimeOrNull, resolveNow } from './query-input.js';
import type {
  ConversationSummaryResult,
  ConversationTimeline,
  GetConversationSummaryInput,
  SummaryAssignment,
} from './query-types.js';
import { renderSummaryText } from './summary-render.js';
import { clip, formatDuration, keySentences } from './summary-text.js';

interface ThreadPart {
  part_type: string;
  body_text: string | null;
  created_at: number;
  author_type: string | null;
  author_name: string | null;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  assigned_to_name: string | null;
}

/** Opening message plus parts, as the summary reads them. */
interface Message {
  partType: string;
  body: string | null;
  at: number;
  authorType: string | null;
  authorName: string | null;
}

const ASSIGNMENT_TYPES = new Set([
  'assignment',
  'default_assignment',
  'assign_and_reopen',
  'assign_and_unsnooze',
]);
const MAX_PROBLEM_MESSAGES = 5;

/**
 * A summary built from the stored data alone: what the customer asked (key sentences of their first
 * messages), what the team did, how it ended, and the timeline facts. Deterministic for the same data
 * and `now`.
 */
export function getConversationSummary(
  database: FicDatabase,
  input: GetConversationSummaryInput,
): ConversationSummaryResult {
  const now = resolveNow(input.now);
  const row = loadConversation(database, input.id);
  const people = loadConversationPeople(database, row);
  const parts = all<ThreadPart>(
    database,
    `SELECT part_type, body_text, created_at, author_type, author_name, assigned_to_type, assigned_to_id,
            ${ASSIGNED_TO_NAME}
       FROM conversation_parts WHERE conversation_id = ? ORDER BY position`,
    [row.id],
  );
  const metrics = conversationMetrics(row);
  const messages: Message[] = [
    {
      partType: 'source',
      body: row.source_body_text,
      at: row.created_at,
      authorType: row.source_author_type,
      authorName: row.source_author_name,
    },
    ...parts.map((part) => ({
      partType: part.part_type,
      body: part.body_text,
      at: part.created_at,
      authorType: part.author_type,
      authorName: part.author_name,
    })),
  ];

  const closedBy = closerName(database, row, parts);
  const timeline: ConversationTimeline = {
    openedAt: isoTime(row.created_at),
    firstResponseAt: isoTimeOrNull(row.first_admin_reply_at),
    firstResponseSeconds: metrics.firstResponseSeconds,
    assignments: parts
      .filter((part) => ASSIGNMENT_TYPES.has(part.part_type) && part.assigned_to_id !== null)
      .map(toAssignment),
    reopens: metrics.reopens,
    closedAt: isoTimeOrNull(metrics.closedAt),
    closedBy: metrics.closedAt === null ? null : closedBy,
    rating: people.rating,
    tags: people.tags.map((tag) => tag.name),
    adminReplies: messages.filter(isAdminReply).length,
    customerReplies: messages.filter((message) => message.partType !== 'source' && isCustomerMessage(message))
      .length,
    notes: parts.filter((part) => part.part_type === 'note').length,
  };
  const result: Omit<ConversationSummaryResult, 'text'> = {
    id: row.id,
    subject: subjectOf(row),
    state: row.state,
    customer: people.contacts[0] ?? null,
    problem: describeProblem(messages, row.parts_complete === 0),
    actions: describeActions(messages, timeline, row),
    resolution: describeResolution(row, messages, metrics, timeline, now),
    timeline,
    truncatedByIntercom: row.parts_complete === 0,
  };
  return { ...result, text: renderSummaryText(result) };
}

function isCustomerMessage(message: Message): boolean {
  return CUSTOMER_AUTHOR_TYPES.has(message.authorType ?? '') && hasText(message);
}

function isAdminReply(message: Message): boolean {
  return message.authorType === 'admin' && message.partType === 'comment';
}

function hasText(message: Message): boolean {
  return message.body !== null && message.body.trim() !== '';
}

/** Key sentences of the customer's messages up to the first admin reply that follows them. */
function describeProblem(messages: Message[], truncated: boolean): string {
  const asked: string[] = [];
  for (const message of messages) {
    if (isCustomerMessage(message)) asked.push(message.body!);
    else if (asked.length > 0 && isAdminReply(message)) break;
    if (asked.length >= MAX_PROBLEM_MESSAGES) break;
  }
  if (asked.length === 0) return 'No message from the customer is stored.';
  const sentences = keySentences(asked, 3);
  const text = sentences.length > 0 ? sentences.join(' ') : clip(asked.join(' '), 240);
  return truncated ? `${text} (the oldest messages were not available from Intercom)` : text;
}

function describeActions(
  messages: Message[],
  timeline: ConversationTimeline,
  row: ConversationRecord,
): string[] {
  const actions: string[] = [];
  const replies = messages.filter(isAdminReply);
  if (replies.length > 0) actions.push(`Replied ${times(replies.length)}: ${countByName(replies)}.`);
  const bots = messages.filter((message) => message.authorType === 'bot' && message.partType === 'comment');
  if (bots.length > 0) actions.push(`A bot replied ${times(bots.length)}.`);
  const notes = messages.filter((message) => message.partType === 'note');
  if (notes.length > 0)
    actions.push(
      `Added ${notes.length} internal note${notes.length === 1 ? '' : 's'}: ${countByName(notes)}.`,
    );
  for (const assignment of timeline.assignments.slice(-5)) {
    const by = assignment.byName === null ? '' : ` by ${assignment.byName}`;
    actions.push(
      `Assigned to ${assignment.toName ?? `${assignment.toType ?? ''} ${assignment.toId ?? ''}`.trim()}${by} on ${day(assignment.at)}.`,
    );
  }
  const snoozes = messages.filter((message) => message.partType === 'snoozed').length;
  if (snoozes > 0) actions.push(`Snoozed ${times(snoozes)}.`);
  const first = replies[0];
  if (first !== undefined) {
    const after =
      timeline.firstResponseSeconds === null ? '' : ` after ${formatDuration(timeline.firstResponseSeconds)}`;
    actions.push(`First reply (${first.authorName ?? 'admin'}${after}): "${quote(first)}"`);
  }
  const last = replies.at(-1);
  if (last !== undefined && last !== first)
    actions.push(`Latest reply (${last.authorName ?? 'admin'}): "${quote(last)}"`);
  if (actions.length === 0)
    actions.push(row.admin_assignee_id === null ? 'No action from the team yet.' : 'Assigned, no reply yet.');
  return actions;
}

function describeResolution(
  row: ConversationRecord,
  messages: Message[],
  metrics: ConversationMetrics,
  timeline: ConversationTimeline,
  now: number,
): string {
  const rating =
    timeline.rating === null
      ? ''
      : ` Rated ${timeline.rating.value}/5${timeline.rating.remark ? ` ("${clip(timeline.rating.remark, 120)}")` : ''}.`;
  if (row.state === 'closed') {
    const by = timeline.closedBy === null ? '' : ` by ${timeline.closedBy}`;
    const when =
      metrics.closedAt === null
        ? ''
        : ` on ${day(isoTime(metrics.closedAt))}, ${formatDuration(metrics.closeSeconds!)} after it opened`;
    const reply = messages.filter(isAdminReply).at(-1);
    const answer = reply === undefined ? '' : ` Last answer: "${quote(reply)}"`;
    return `Closed${by}${when}.${answer}${rating}`;
  }
  if (row.state === 'snoozed') {
    return `Snoozed${row.snoozed_until === null ? '' : ` until ${isoTime(row.snoozed_until)}`}.${rating}`;
  }
  const lastMessage = messages.filter((message) => message.partType !== 'note' && hasText(message)).at(-1);
  if (lastMessage === undefined || CUSTOMER_AUTHOR_TYPES.has(lastMessage.authorType ?? '')) {
    const since = row.waiting_since ?? lastMessage?.at ?? row.created_at;
    return `Open: waiting on the team for ${formatDuration(now - since)} (since ${isoTime(since)}).${rating}`;
  }
  return `Open: the team (${lastMessage.authorName ?? lastMessage.authorType ?? 'admin'}) replied last on ${day(isoTime(lastMessage.at))}; waiting on the customer.${rating}`;
}

function toAssignment(part: ThreadPart): SummaryAssignment {
  return {
    at: isoTime(part.created_at),
    toType: part.assigned_to_type,
    toId: part.assigned_to_id,
    toName: part.assigned_to_name,
    byName: part.author_name,
  };
}

function closerName(database: FicDatabase, row: ConversationRecord, parts: ThreadPart[]): string | null {
  const close = parts.filter((part) => part.part_type === 'close').at(-1);
  if (close?.author_name) return close.author_name;
  if (row.last_closed_by_id === null) return null;
  return (
    one<{ name: string | null }>(database, 'SELECT name FROM admins WHERE id = ?', [row.last_closed_by_id])
      ?.name ?? null
  );
}

function countByName(messages: Message[]): string {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const name = message.authorName ?? 'unknown';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].map(([name, count]) => `${name} (${count})`).join(', ');
}

function quote(message: Message): string {
  return (keySentences(message.body ?? '', 1)[0] ?? clip(message.body ?? '', 160)).replaceAll('"', "'");
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
