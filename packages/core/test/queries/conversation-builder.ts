import type { ConversationRow, ConversationWrite, PartRow } from '../../src/db/conversation-repository.js';
import { seededRandom } from '@fastintercom/fake-intercom';

/**
 * Builds ConversationWrite pages (what the sync mapper hands the repository) from short specs, so the
 * query tests seed their databases through the real write path.
 */

export const NOW = Date.UTC(2026, 2, 1) / 1000; // 2026-03-01T00:00:00Z
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

export interface Person {
  id: string;
  name: string;
  email: string | null;
}

/** Who wrote a part: 'customer' (the conversation's customer), 'bot', or an admin id. */
export type Author = string;

export interface PartSpec {
  type?: string;
  by: Author;
  at: number;
  body?: string | null;
  assignTo?: { type: 'admin' | 'team'; id: string };
}

export interface ConversationSpec {
  id: string;
  createdAt: number;
  updatedAt?: number;
  state?: 'open' | 'closed' | 'snoozed';
  title?: string | null;
  subject?: string | null;
  body?: string | null;
  customer: string;
  otherContacts?: string[];
  /** 'customer' (default) or the admin id who sent an outbound message. */
  initiatedBy?: string;
  admin?: string | null;
  team?: string | null;
  tags?: string[];
  parts?: PartSpec[];
  rating?: { value: number; remark?: string; at?: number; teammate?: string };
  /** Intercom's 500-part cap hid older parts: the reported total and the statistics Intercom sent. */
  truncated?: { totalCount: number; stats: Partial<ConversationRow> };
  waitingSince?: number | null;
  snoozedUntil?: number | null;
}

export interface Directory {
  admins: Map<string, Person>;
  contacts: Map<string, Person>;
  tags: Map<string, string>;
}

export function buildConversation(spec: ConversationSpec, directory: Directory): ConversationWrite {
  const parts = (spec.parts ?? []).map((part, position) => buildPart(spec, part, position, directory));
  const customer = directory.contacts.get(spec.customer)!;
  const initiator = spec.initiatedBy ?? 'customer';
  const sourceAuthor = initiator === 'customer' ? customer : directory.admins.get(initiator)!;
  const lastActivity = Math.max(spec.createdAt, ...parts.map((part) => part.created_at));
  const state = spec.state ?? 'open';
  const conversation: ConversationRow = {
    id: spec.id,
    created_at: spec.createdAt,
    updated_at: spec.updatedAt ?? lastActivity,
    waiting_since: spec.waitingSince ?? null,
    snoozed_until: spec.snoozedUntil ?? null,
    title: spec.title ?? null,
    state,
    open: state === 'closed' ? 0 : 1,
    read: 1,
    priority: 'not_priority',
    admin_assignee_id: spec.admin ?? null,
    team_assignee_id: spec.team ?? null,
    contact_id: spec.customer,
    source_type: initiator === 'customer' ? 'conversation' : 'email',
    source_delivered_as: initiator === 'customer' ? 'customer_initiated' : 'admin_initiated',
    source_subject: spec.subject ?? null,
    source_author_type: initiator === 'customer' ? 'user' : 'admin',
    source_author_id: sourceAuthor.id,
    source_author_name: sourceAuthor.name,
    source_author_email: sourceAuthor.email,
    source_body_text: spec.body ?? null,
    rating_value: spec.rating?.value ?? null,
    rating_remark: spec.rating?.remark ?? null,
    rating_created_at: spec.rating === undefined ? null : (spec.rating.at ?? lastActivity),
    rating_teammate_id: spec.rating?.teammate ?? null,
    parts_total_count: spec.truncated?.totalCount ?? parts.length,
    parts_stored: parts.length,
    parts_complete: spec.truncated === undefined ? 1 : 0,
    synced_at: NOW,
    ...statisticsOf(spec, parts),
    ...spec.truncated?.stats,
  };
  const contactIds = [spec.customer, ...(spec.otherContacts ?? [])];
  return {
    conversation,
    parts,
    contacts: contactIds.map((contact_id, position) => ({ contact_id, position })),
    tags: (spec.tags ?? []).map((tag_id) => ({
      tag_id,
      name: directory.tags.get(tag_id) ?? tag_id,
      applied_at: null,
    })),
    contactStubs: contactIds.map((id) => {
      const person = directory.contacts.get(id)!;
      return { id, email: person.email, name: person.name, synced_at: NOW };
    }),
  };
}

/** Statistics as Intercom (and the fake) report them, from the thread. */
function statisticsOf(spec: ConversationSpec, parts: PartRow[]): Partial<ConversationRow> {
  const customerInitiated = (spec.initiatedBy ?? 'customer') === 'customer';
  const at = (part: PartRow | undefined): number | null => part?.created_at ?? null;
  const fromCustomer = (part: PartRow): boolean =>
    part.author_type === 'user' && part.part_type === 'comment';
  const adminReply = (part: PartRow): boolean => part.author_type === 'admin' && part.part_type === 'comment';
  const firstContactReplyAt = customerInitiated ? spec.createdAt : at(parts.find(fromCustomer));
  const closes = parts.filter((part) => part.part_type === 'close');
  return {
    first_contact_reply_at: firstContactReplyAt,
    first_admin_reply_at:
      firstContactReplyAt === null
        ? null
        : at(parts.find((part) => adminReply(part) && part.created_at >= firstContactReplyAt)),
    last_admin_reply_at: at(parts.filter(adminReply).at(-1)),
    last_contact_reply_at:
      at(parts.filter(fromCustomer).at(-1)) ?? (customerInitiated ? spec.createdAt : null),
    first_close_at: at(closes[0]),
    last_close_at: at(closes.at(-1)),
    last_closed_by_id: closes.at(-1)?.author_id ?? null,
    count_reopens: parts.filter((part) => part.part_type === 'open').length,
    count_assignments: parts.filter((part) => part.part_type === 'assignment').length,
    count_conversation_parts: parts.length,
  };
}

function buildPart(spec: ConversationSpec, part: PartSpec, position: number, directory: Directory): PartRow {
  const author =
    part.by === 'customer'
      ? { type: 'user', person: directory.contacts.get(spec.customer)! }
      : part.by === 'bot'
        ? { type: 'bot', person: { id: 'bot-1', name: 'Fin', email: null } }
        : { type: 'admin', person: directory.admins.get(part.by)! };
  const body = part.body === undefined ? null : part.body;
  return {
    conversation_id: spec.id,
    position,
    id: `${spec.id}-p${position}`,
    part_type: part.type ?? 'comment',
    body_text: body,
    created_at: part.at,
    updated_at: part.at,
    author_type: author.type,
    author_id: author.person.id,
    author_name: author.person.name,
    assigned_to_type: part.assignTo?.type ?? null,
    assigned_to_id: part.assignTo?.id ?? null,
    redacted: 0,
  };
}

export const VOCABULARY = (
  'account billing invoice refund charge card payment subscription plan upgrade downgrade cancel export ' +
  'import report dashboard login password reset email notification webhook integration slack api token ' +
  'error crash timeout slow sync delay mobile android iphone browser chrome safari upload download file ' +
  'csv pdf permission admin seat team workspace migration data backup restore delete duplicate contact ' +
  'message inbox chat widget bot article help center search filter tag label order shipping delivery ' +
  'tracking address receipt tax discount coupon trial renewal price quote contract security audit'
).split(' ');

/** Random conversations over `days` before `now`: replies, bots, notes, assignments, closes, reopens. */
export function syntheticConversations(options: {
  count: number;
  seed: number;
  now: number;
  days: number;
  admins: string[];
  teams: string[];
  tags: string[];
  contacts: string[];
  idPrefix?: string;
  maxParts?: number;
  /** Share of conversations cut by Intercom's 500-part cap (default 0.05). */
  truncatedShare?: number;
  /** Words for the text, picked with a skew toward the first ones (like real text). */
  vocabulary?: readonly string[];
}): ConversationSpec[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const vocabulary = options.vocabulary ?? VOCABULARY;
  const word = (): string => vocabulary[Math.floor(random() ** 3 * vocabulary.length)]!;
  const sentence = (words: number): string =>
    Array.from({ length: words }, word).join(' ') + (random() < 0.3 ? '?' : '.');
  const specs: ConversationSpec[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const createdAt = options.now - Math.floor(random() * options.days * DAY);
    const admin = random() < 0.85 ? pick(options.admins) : null;
    const customerInitiated = random() < 0.85;
    const parts: PartSpec[] = [];
    let at = createdAt;
    let closed = false;
    const steps = 1 + Math.floor(random() * (options.maxParts ?? 12));
    for (let step = 0; step < steps; step += 1) {
      at += 1 + Math.floor(random() * 6 * HOUR);
      const roll = random();
      const by = pick(options.admins);
      if (roll < 0.3) parts.push({ by: 'customer', at, body: sentence(8 + Math.floor(random() * 20)) });
      else if (roll < 0.55) parts.push({ by, at, body: sentence(10 + Math.floor(random() * 30)) });
      else if (roll < 0.62) parts.push({ by: 'bot', at, body: sentence(8) });
      else if (roll < 0.7) parts.push({ type: 'note', by, at, body: sentence(6) });
      else if (roll < 0.78)
        parts.push({ type: 'assignment', by, at, assignTo: { type: 'admin', id: pick(options.admins) } });
      else if (roll < 0.9 && !closed) {
        parts.push({ type: 'close', by, at });
        closed = true;
      } else if (closed) {
        parts.push({
          type: 'open',
          by: random() < 0.5 ? 'customer' : by,
          at,
          body: random() < 0.5 ? sentence(6) : null,
        });
        closed = false;
      } else parts.push({ type: 'snoozed', by, at });
    }
    const truncated = random() < (options.truncatedShare ?? 0.05);
    specs.push({
      id: `${options.idPrefix ?? 's'}${index}`,
      createdAt,
      state: closed ? 'closed' : random() < 0.1 ? 'snoozed' : 'open',
      title: random() < 0.2 ? sentence(4) : null,
      subject: random() < 0.5 ? sentence(5) : null,
      body: sentence(12 + Math.floor(random() * 40)),
      customer: pick(options.contacts),
      initiatedBy: customerInitiated ? 'customer' : pick(options.admins),
      admin,
      team: random() < 0.7 ? pick(options.teams) : null,
      tags: options.tags.filter(() => random() < 0.15),
      parts,
      rating: closed && random() < 0.4 ? { value: 1 + Math.floor(random() * 5) } : undefined,
      truncated: truncated
        ? {
            totalCount: parts.length + 500,
            stats: {
              first_admin_reply_at: random() < 0.7 ? createdAt + Math.floor(random() * 4 * HOUR) : null,
              last_close_at: closed ? at : null,
              count_reopens: Math.floor(random() * 3),
            },
          }
        : undefined,
    });
  }
  return specs;
}
