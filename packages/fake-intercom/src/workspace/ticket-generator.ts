import { TOPICS } from './topics.js';
import { Random, hashSeed } from './random.js';
import type { TicketStateCategory } from './ticket-types.js';
import {
  RESOLVED,
  SUBMITTED,
  TICKET_STATES,
  TICKET_TYPES,
  TYPE_WEIGHTS,
  attributesOf,
} from './ticket-types.js';

/**
 * Draws one generated ticket from (seed, index) on a stream of its own (salt 0x71c), so tickets changed
 * nothing a seed already gave. About one ticket in 300 has more than 500 parts, to exercise the API's
 * window on ticket_parts.
 */

export type TicketPartKind = 'comment' | 'note' | 'state' | 'assignment' | 'attribute';
export type AttributeValue = string | number | boolean | null;

export interface TicketPartRecord {
  kind: TicketPartKind;
  author: 'contact' | 'admin' | 'bot';
  /** The admin author's index (-1: not an admin). */
  admin: number;
  /** The contact author's index (-1: not a contact). */
  contact: number;
  at: number;
  /** Seeds the body of comments and notes. */
  seed: number;
  /** State parts: the state (index into TICKET_STATES) and the one before. */
  state?: number;
  previousState?: number;
  /** Assignment parts: admin and team indexes (-1: none). */
  assignAdmin?: number;
  assignTeam?: number;
  /** Attribute parts: which attribute took which value. */
  attribute?: { name: string; value: AttributeValue };
}

export interface TicketRecord {
  index: number;
  id: string;
  /** The number the inbox shows (#1001), not for API calls. */
  ticketId: string;
  typeIndex: number;
  topicIndex: number;
  createdAt: number;
  contactIndexes: number[];
  /** Conversations this ticket is linked with. */
  linkedConversations: number[];
  attributes: Record<string, AttributeValue>;
  isShared: boolean;
  snoozedUntil: number | null;
  parts: TicketPartRecord[];
  /** updated_at moved without a part (an attribute edit made by a workflow). */
  touchedAt: number;
}

/** What generation needs of the workspace. */
export interface TicketContext {
  seed: number;
  now: number;
  historyStart: number;
  conversationCount: number;
  conversationCreatedAt: (index: number) => number;
  conversationContact: (index: number) => number;
  contactCount: number;
  adminCount: number;
  teamCount: number;
}

const HOUR = 3600;
const DAY = 86_400;
export const TICKET_ID_BASE = 3_000_000;
const TYPE_CUMULATIVE = TYPE_WEIGHTS.reduce<number[]>((sums, weight) => {
  sums.push((sums[sums.length - 1] ?? 0) + weight);
  return sums;
}, []);

export function ticketIdOf(index: number): string {
  return String(TICKET_ID_BASE + index);
}

/** A value of the attribute's type, drawn from `random`. */
export function attributeValue(
  random: Random,
  dataType: string,
  options: readonly string[] | undefined,
  now: number,
): AttributeValue {
  switch (dataType) {
    case 'list':
      return random.pick(options ?? ['other']);
    case 'integer':
      return random.between(1, 2000);
    case 'decimal':
      return Math.round(random.logUniform(5, 5000) * 100) / 100;
    case 'boolean':
      return random.chance(0.6);
    case 'datetime':
      return now + random.between(1, 30) * DAY;
    default:
      return random.pick(['Chrome 126 on macOS', 'INV-2024-0042', 'https://status.example.com/incidents/1']);
  }
}

function stateSteps(random: Random): number[] {
  // A path through the states; where it stops sets the mix of open and resolved tickets.
  const steps: number[] = [];
  const stop = random.next();
  if (stop < 0.15) return steps;
  steps.push(random.chance(0.6) ? 1 : 2);
  if (stop < 0.35) return steps;
  if (random.chance(0.5)) {
    steps.push(3);
    if (stop < 0.45) return steps;
    steps.push(1);
  }
  steps.push(RESOLVED);
  return steps;
}

export function generateTicket(context: TicketContext, index: number): TicketRecord {
  const random = new Random(hashSeed(context.seed, 0x71c, index));
  const typeIndex = random.weighted(TYPE_CUMULATIVE);
  const type = TICKET_TYPES[typeIndex] ?? TICKET_TYPES[0];
  if (type === undefined) throw new RangeError('no ticket types');
  const linkedConversations: number[] = [];
  let contactIndexes: number[] = [];
  let createdAt =
    context.now - Math.floor(Math.pow(random.next(), 1.5) * (context.now - context.historyStart));
  const fromConversation =
    context.conversationCount > 0 && random.chance(type.category === 'Tracker' ? 1 : 0.55);
  if (fromConversation) {
    const conversation = random.int(context.conversationCount);
    linkedConversations.push(conversation);
    createdAt = Math.min(context.now, context.conversationCreatedAt(conversation) + random.int(2 * DAY));
    if (type.category === 'Tracker') {
      // A tracker gathers conversations of many customers about one problem.
      const more = random.between(0, 4);
      for (let i = 0; i < more; i++) {
        const other = random.int(context.conversationCount);
        if (!linkedConversations.includes(other)) linkedConversations.push(other);
      }
    } else contactIndexes = [context.conversationContact(conversation)];
  } else if (type.category === 'Customer' || random.chance(0.6)) {
    contactIndexes = [random.int(context.contactCount)];
  }
  const topicIndex = random.int(TOPICS.length);
  const topic = TOPICS[topicIndex] ?? TOPICS[0];
  const attributes: Record<string, AttributeValue> = {};
  for (const attribute of attributesOf(type)) {
    if (attribute.name === '_default_title_') {
      const subject = random.pick(topic?.subjects ?? ['Question']);
      attributes[attribute.name] = type.category === 'Tracker' ? `${type.name}: ${subject}` : subject;
    } else if (attribute.name === '_default_description_') {
      attributes[attribute.name] = random.chance(0.85)
        ? random.pick(topic?.openers ?? ['Please help'])
        : null;
    } else if (random.chance(0.7)) {
      attributes[attribute.name] = attributeValue(random, attribute.dataType, attribute.options, context.now);
    }
  }
  const parts: TicketPartRecord[] = [];
  const requester = contactIndexes[0] ?? -1;
  let at = createdAt;
  let state = SUBMITTED;
  let admin = random.int(context.adminCount);
  const huge = random.int(300) === 0;
  // A huge ticket is a busy one: parts minutes apart, so most of them have happened by now.
  const gap = huge ? 600 : 3 * HOUR;
  const next = (): number => {
    at += Math.max(1, Math.round(random.logNormal(gap, 1.4)));
    return at;
  };

  const comment = (): void => {
    const fromContact = requester >= 0 && type.category === 'Customer' && random.chance(0.45);
    const kind = fromContact || type.category === 'Customer' ? 'comment' : 'note';
    parts.push({
      kind,
      author: fromContact ? 'contact' : 'admin',
      admin: fromContact ? -1 : admin,
      contact: fromContact ? requester : -1,
      at: next(),
      seed: random.uint32(),
    });
  };
  if (random.chance(0.8)) {
    admin = random.int(context.adminCount);
    const team = random.chance(0.7) ? random.int(context.teamCount) : -1;
    parts.push({
      kind: 'assignment',
      author: 'admin',
      admin,
      contact: -1,
      at: next(),
      seed: 0,
      assignAdmin: admin,
      assignTeam: team,
    });
  }
  for (const step of stateSteps(random)) {
    const comments = huge ? random.between(100, 130) : random.between(0, 3);
    for (let i = 0; i < comments; i++) comment();
    parts.push({
      kind: 'state',
      author: 'admin',
      admin,
      contact: -1,
      at: next(),
      seed: 0,
      state: step,
      previousState: state,
    });
    state = step;
  }
  if (huge) while (parts.length <= 520) comment();
  if (random.chance(0.15)) {
    const editable = type.attributes[0];
    if (editable !== undefined)
      parts.push({
        kind: 'attribute',
        author: 'admin',
        admin,
        contact: -1,
        at: next(),
        seed: 0,
        attribute: {
          name: editable.name,
          value: attributeValue(random, editable.dataType, editable.options, context.now),
        },
      });
  }
  // Parts that would fall after the end of history did not happen yet.
  const visible = parts.filter((part) => part.at <= context.now);
  for (const part of visible)
    if (part.kind === 'attribute' && part.attribute !== undefined)
      attributes[part.attribute.name] = part.attribute.value;
  const finalState = [...visible].reverse().find((part) => part.kind === 'state')?.state ?? SUBMITTED;
  return {
    index,
    id: ticketIdOf(index),
    ticketId: String(1001 + index),
    typeIndex,
    topicIndex,
    createdAt,
    contactIndexes,
    linkedConversations,
    attributes,
    isShared: type.category === 'Customer',
    snoozedUntil:
      finalState !== RESOLVED && random.chance(0.05) ? context.now + random.between(1, 10) * DAY : null,
    parts: visible,
    touchedAt: 0,
  };
}

export function stateCategory(state: number): TicketStateCategory {
  return TICKET_STATES[state]?.category ?? 'submitted';
}
