import type { RichPartType } from '../realism/rich-parts.js';
import { addRichParts } from '../realism/rich-parts.js';
import { TOPIC_CUMULATIVE } from './body-generator.js';
import { Random } from './random.js';

/**
 * The structure of a conversation without its text: who did what, when. It is rebuilt from the
 * conversation's seed whenever needed (bodies are generated from each part's seed only when shown),
 * so a workspace stores a handful of numbers per conversation.
 */

export type PartType =
  | 'comment'
  | 'note'
  | 'assignment'
  | 'open'
  | 'close'
  | 'snoozed'
  | 'away_mode_assignment'
  // Only with realism.richParts (and merges): see realism/rich-parts.ts.
  | RichPartType
  | 'merged_primary_conversation';
export type AuthorKind = 'contact' | 'admin' | 'bot';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export type ConversationState = 'open' | 'closed' | 'snoozed';

export interface SkeletonPart {
  type: PartType;
  author: AuthorKind;
  /** Admin index of an admin author, -1 otherwise. */
  adminIndex: number;
  createdAt: number;
  hasBody: boolean;
  /** Assignment parts: the admin (-1 = unassigned) and team (-1 = none) assigned. */
  assignAdmin: number;
  assignTeam: number;
  /** Snoozed parts: when the snooze ends. */
  snoozedUntil: number;
}

export interface ConversationSkeleton {
  createdAt: number;
  topic: number;
  contactIndex: number;
  /** Who wrote the opening message. */
  sourceKind: 'contact' | 'admin';
  sourceAdmin: number;
  sourceType: 'conversation' | 'email';
  tagIndexes: number[];
  priority: Priority;
  read: boolean;
  rating: { score: number; adminIndex: number } | null;
  hasTitle: boolean;
  /** Carries rich parts and part decorations (realism.richParts only). */
  rich: boolean;
  parts: SkeletonPart[];
}

export interface SkeletonContext {
  now: number;
  contactCount: number;
  adminCount: number;
  teamCount: number;
  tagCount: number;
  /** Admins in away mode: assignments to them are redirected (away_mode_assignment). */
  awayAdmins: ReadonlySet<number>;
  /** realism.richParts: a seeded share of conversations get the richer part types. */
  richParts?: boolean;
}

const PRIORITIES: readonly Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];
const PRIORITY_CUMULATIVE = [80, 85, 90, 97, 100];
const DAY = 86_400;
/** The nightly job that closes idle conversations runs at 03:00 UTC, closing many in the same second. */
const AUTO_CLOSE_HOUR = 3 * 3600;

/** Heavy tail: median ~5, mean ~7, a few hundreds, ~0.2% over Intercom's 500-part cap. */
export function samplePartCount(random: Random): number {
  const u = random.next();
  if (u < 0.002) return Math.floor(random.logUniform(501, 800));
  if (u < 0.0045) return Math.floor(random.logUniform(100, 500));
  if (u < 0.0165) return Math.floor(random.logUniform(20, 100));
  return Math.max(0, Math.round(random.logNormal(3.6, 0.5)));
}

/** A part with no assignment or snooze (`createdAt` as given: an offset while building, or a time). */
export function part(
  type: PartType,
  author: AuthorKind,
  adminIndex: number,
  createdAt: number,
  hasBody: boolean,
): SkeletonPart {
  return {
    type,
    author,
    adminIndex,
    createdAt,
    hasBody,
    assignAdmin: -1,
    assignTeam: -1,
    snoozedUntil: 0,
  };
}

function gap(random: Random, median: number): number {
  return Math.max(1, Math.round(random.logNormal(median, 1.3)));
}

/** Parts with times relative to created_at; the caller fits them before "now". */
function simulateParts(
  random: Random,
  context: SkeletonContext,
  target: number,
  contactFirst: boolean,
): SkeletonPart[] {
  const parts: SkeletonPart[] = [];
  let t = 0;
  let state: ConversationState = 'open';
  let assignee = -1;
  let lastSpeaker: AuthorKind = contactFirst ? 'contact' : 'admin';
  const pickAdmin = (): number =>
    assignee >= 0 && random.chance(0.8) ? assignee : random.int(context.adminCount);
  const assign = (at: number, by: AuthorKind, byAdmin: number): void => {
    const to = random.int(context.adminCount);
    const assignment = part('assignment', by, byAdmin, at, false);
    assignment.assignAdmin = to;
    assignment.assignTeam = random.int(context.teamCount);
    parts.push(assignment);
    assignee = to;
    if (context.awayAdmins.has(to)) {
      const away = part('away_mode_assignment', 'bot', -1, at, false);
      away.assignAdmin = -1;
      away.assignTeam = assignment.assignTeam;
      parts.push(away);
      assignee = -1;
    }
  };
  if (contactFirst && random.chance(0.45)) {
    t += random.between(1, 4);
    parts.push(part('comment', 'bot', -1, t, true));
  }
  if (random.chance(0.7)) {
    t += gap(random, 120);
    assign(t, 'bot', -1);
  }
  while (parts.length < target) {
    if (state === 'closed') {
      t += gap(random, 2 * DAY);
      const byContact = random.chance(0.6);
      parts.push(part('open', byContact ? 'contact' : 'admin', byContact ? -1 : pickAdmin(), t, false));
      state = 'open';
      if (byContact) {
        parts.push(part('comment', 'contact', -1, t, true));
        lastSpeaker = 'contact';
      }
      continue;
    }
    if (state === 'snoozed') {
      const wake = parts[parts.length - 1]?.snoozedUntil ?? t;
      t = Math.max(t + 1, wake);
      parts.push(part('open', 'bot', -1, t, false));
      state = 'open';
      continue;
    }
    const r = random.next();
    if (lastSpeaker === 'contact') {
      if (r < 0.78) {
        t += gap(random, 1800);
        parts.push(part('comment', 'admin', pickAdmin(), t, true));
        lastSpeaker = 'admin';
      } else if (r < 0.86) {
        t += gap(random, 600);
        parts.push(part('note', 'admin', pickAdmin(), t, true));
      } else if (r < 0.94) {
        t += gap(random, 900);
        assign(t, 'admin', pickAdmin());
      } else {
        t += gap(random, 3600);
        parts.push(part('close', 'admin', pickAdmin(), t, false));
        state = 'closed';
      }
    } else if (r < 0.55) {
      t += gap(random, 3 * 3600);
      parts.push(part('comment', 'contact', -1, t, true));
      lastSpeaker = 'contact';
    } else if (r < 0.8) {
      t += gap(random, 1200);
      const admin = pickAdmin();
      parts.push(part('close', 'admin', admin, t, random.chance(0.2)));
      state = 'closed';
    } else if (r < 0.87) {
      t += gap(random, 600);
      const snooze = part('snoozed', 'admin', pickAdmin(), t, false);
      snooze.snoozedUntil = t + gap(random, DAY);
      parts.push(snooze);
      state = 'snoozed';
    } else if (r < 0.94) {
      t += gap(random, 1800);
      parts.push(part('comment', 'admin', pickAdmin(), t, true));
    } else {
      t += gap(random, 900);
      parts.push(part('note', 'admin', pickAdmin(), t, true));
    }
  }
  return parts;
}

/** Squeezes the timeline into [createdAt, now) when it would run past now, then makes times absolute. */
function placeInTime(random: Random, parts: SkeletonPart[], createdAt: number, now: number): void {
  const span = parts[parts.length - 1]?.createdAt ?? 0;
  const available = now - createdAt;
  const factor = span > available * 0.98 ? (available * (0.5 + random.next() * 0.45)) / span : 1;
  for (const item of parts) {
    item.createdAt = createdAt + Math.floor(item.createdAt * factor);
    if (item.snoozedUntil > 0) item.snoozedUntil = createdAt + Math.floor(item.snoozedUntil * factor);
  }
  const last = parts[parts.length - 1];
  if (last?.type === 'snoozed') last.snoozedUntil = Math.max(last.snoozedUntil, now + gap(random, DAY));
}

/** Idle conversations whose last word was the admin's get closed by the nightly bot run. */
function maybeAutoClose(
  random: Random,
  parts: SkeletonPart[],
  now: number,
  createdAt: number,
  adminCount: number,
): void {
  let state: ConversationState = 'open';
  let lastComment: AuthorKind | undefined;
  for (const item of parts) {
    if (item.type === 'close') state = 'closed';
    else if (item.type === 'open') state = 'open';
    else if (item.type === 'snoozed') state = 'snoozed';
    if (item.type === 'comment') lastComment = item.author;
  }
  let last = parts[parts.length - 1];
  if (
    state !== 'closed' &&
    last !== undefined &&
    now - last.createdAt > 10 * DAY &&
    createdAt < now - 20 * DAY
  ) {
    // Old threads get wrapped up: a last answer from the team, then the close.
    const after = (from: number, median: number): number => Math.min(now - DAY, from + gap(random, median));
    if (state === 'snoozed') {
      parts.push(part('open', 'bot', -1, after(last.createdAt, DAY), false));
      last = parts[parts.length - 1] ?? last;
    }
    if (lastComment !== 'admin') {
      parts.push(part('comment', 'admin', random.int(adminCount), after(last.createdAt, 3600), true));
      lastComment = 'admin';
      last = parts[parts.length - 1];
    }
    if (last !== undefined && random.chance(0.5)) {
      parts.push(part('close', 'admin', random.int(adminCount), after(last.createdAt, 600), false));
      return;
    }
    state = 'open';
  }
  if (state !== 'open' || lastComment !== 'admin' || last === undefined || !random.chance(0.6)) return;
  const idleUntil = last.createdAt + 2 * DAY;
  const closeAt = Math.ceil((idleUntil - AUTO_CLOSE_HOUR) / DAY) * DAY + AUTO_CLOSE_HOUR;
  if (closeAt <= now) parts.push(part('close', 'bot', -1, closeAt, false));
}

export function buildSkeleton(
  seed: number,
  createdAt: number,
  context: SkeletonContext,
  partCount?: number,
): ConversationSkeleton {
  const random = new Random(seed);
  const topic = random.weighted(TOPIC_CUMULATIVE);
  const contactIndex = Math.floor(context.contactCount * Math.pow(random.next(), 1.6));
  const sourceKind = random.chance(0.9) ? 'contact' : 'admin';
  const sourceType = random.chance(sourceKind === 'contact' ? 0.25 : 0.6) ? 'email' : 'conversation';
  const target = partCount ?? samplePartCount(random);
  const parts = target === 0 ? [] : simulateParts(random, context, target, sourceKind === 'contact');
  placeInTime(random, parts, createdAt, context.now);
  if (partCount === undefined) maybeAutoClose(random, parts, context.now, createdAt, context.adminCount);
  const tagCount = random.weighted([45, 80, 95, 100]);
  const tagIndexes: number[] = [];
  for (let i = 0; i < tagCount; i++) {
    const tag = random.int(context.tagCount);
    if (!tagIndexes.includes(tag)) tagIndexes.push(tag);
  }
  const closed = parts.some((item) => item.type === 'close');
  // Drawn from a generator of its own, after everything else, so plain conversations stay as they were.
  const rich = context.richParts === true && addRichParts(seed, parts, context);
  return {
    createdAt,
    topic,
    contactIndex,
    sourceKind,
    sourceAdmin: sourceKind === 'admin' ? random.int(context.adminCount) : -1,
    sourceType,
    tagIndexes,
    priority: PRIORITIES[random.weighted(PRIORITY_CUMULATIVE)] ?? 'none',
    read: random.chance(0.8),
    rating:
      closed && random.chance(0.3)
        ? { score: random.weighted([5, 8, 15, 35, 100]) + 1, adminIndex: -1 }
        : null,
    hasTitle: sourceType === 'email' && random.chance(0.5),
    rich,
    parts,
  };
}
