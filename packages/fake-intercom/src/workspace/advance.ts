import type { RecordChanges, RecordResult } from './advance-records.js';
import { advanceRecords } from './advance-records.js';
import type { TicketChanges, TicketResult } from './advance-tickets.js';
import { advanceTickets } from './advance-tickets.js';
import { part } from './conversation-skeleton.js';
import type { SkeletonPart } from './conversation-skeleton.js';
import { Random, hashSeed } from './random.js';
import type { Workspace } from './workspace.js';

/** What advance() should simulate; every count is a number of conversations (or contacts) touched. */
export interface AdvanceChanges extends RecordChanges, TicketChanges {
  newConversations?: number;
  /** Replies on existing conversations (customer or teammate, whoever's turn it is). */
  replies?: number;
  closes?: number;
  reopens?: number;
  notes?: number;
  assignments?: number;
  /** Unix seconds the changes happen at (default: now, never before the workspace's latest activity). */
  at?: number;
}

export interface AdvanceResult extends RecordResult, TicketResult {
  at: number;
  /** Ids of the conversations started (newConversations, then newContacts' conversations). */
  created: string[];
  /** Ids of existing conversations changed (their updated_at is now `at`), deleted ones left out. */
  updated: string[];
}

/**
 * Picks a conversation the way live traffic does: mostly recently active ones, never one whose last
 * activity is after `at` (a change must move updated_at forward), never a deleted or merged one. -1 when
 * nothing qualifies.
 */
function pickConversation(
  random: Random,
  workspace: Workspace,
  byRecency: Int32Array,
  accept: (state: number) => boolean,
): number {
  if (byRecency.length === 0) return -1;
  const live = (index: number): boolean =>
    !workspace.isDeleted(index) &&
    workspace.linkedTo(index) === undefined &&
    accept(workspace.state[index] ?? 0);
  for (let attempt = 0; attempt < 40; attempt++) {
    const index = byRecency[Math.floor(byRecency.length * Math.pow(random.next(), 3))] ?? -1;
    if (live(index)) return index;
  }
  return byRecency.find(live) ?? -1;
}

/** Conversations last active at or before `at`, most recent first. */
function recentFirst(workspace: Workspace, at: number): Int32Array {
  const indexes: number[] = [];
  for (let index = 0; index < workspace.count; index++)
    if ((workspace.updatedAt[index] ?? 0) <= at) indexes.push(index);
  indexes.sort((a, b) => (workspace.updatedAt[b] ?? 0) - (workspace.updatedAt[a] ?? 0) || b - a);
  return Int32Array.from(indexes);
}

const OPEN = 0;
const CLOSED = 1;

/** Mutates the workspace like live traffic would. Deterministic for the workspace's seed and history. */
export function advanceWorkspace(workspace: Workspace, changes: AdvanceChanges): AdvanceResult {
  const at = changes.at ?? Math.max(Math.floor(Date.now() / 1000), workspace.clock);
  const random = new Random(hashSeed(workspace.seed, 0xadd, workspace.version));
  const adminCount = workspace.directory.admins.length;
  const created: string[] = [];
  const updated = new Set<string>();
  const byRecency = recentFirst(workspace, at);
  const pick = (accept: (state: number) => boolean): number =>
    pickConversation(random, workspace, byRecency, accept);
  const touch = (index: number, parts: SkeletonPart[], read: boolean): void => {
    for (const item of parts) item.createdAt = at;
    workspace.appendParts(index, parts, read);
    updated.add(workspace.idOf(index));
  };
  const admin = (index: number): number => {
    const assignee = workspace.adminAssignee[index] ?? -1;
    return assignee >= 0 ? assignee : random.int(adminCount);
  };

  for (let i = 0; i < (changes.replies ?? 0); i++) {
    const index = pick((state) => state !== CLOSED);
    if (index < 0) break;
    const { skeleton } = workspace.summary(index);
    const lastComment = [...skeleton.parts].reverse().find((item) => item.type === 'comment');
    const contactTurn =
      lastComment === undefined ? skeleton.sourceKind === 'admin' : lastComment.author !== 'contact';
    const parts: SkeletonPart[] = [];
    if (contactTurn && workspace.state[index] === CLOSED) parts.push(part('open', 'contact', -1, at, false));
    parts.push(
      contactTurn
        ? part('comment', 'contact', -1, at, true)
        : part('comment', 'admin', admin(index), at, true),
    );
    touch(index, parts, !contactTurn);
  }
  for (let i = 0; i < (changes.closes ?? 0); i++) {
    const index = pick((state) => state !== CLOSED);
    if (index < 0) break;
    touch(index, [part('close', 'admin', admin(index), at, random.chance(0.2))], true);
  }
  for (let i = 0; i < (changes.reopens ?? 0); i++) {
    const index = pick((state) => state === CLOSED);
    if (index < 0) break;
    const parts = [part('open', 'contact', -1, at, false), part('comment', 'contact', -1, at, true)];
    touch(index, parts, false);
  }
  for (let i = 0; i < (changes.notes ?? 0); i++) {
    const index = pick(() => true);
    if (index < 0) break;
    touch(index, [part('note', 'admin', admin(index), at, true)], workspace.read[index] === 1);
  }
  for (let i = 0; i < (changes.assignments ?? 0); i++) {
    const index = pick((state) => state === OPEN);
    if (index < 0) break;
    const assignment = part('assignment', 'admin', admin(index), at, false);
    assignment.assignAdmin = random.int(adminCount);
    assignment.assignTeam = random.int(workspace.directory.teams.length);
    touch(index, [assignment], workspace.read[index] === 1);
  }
  for (let i = 0; i < (changes.newConversations ?? 0); i++) {
    created.push(workspace.idOf(workspace.addConversation(at)));
  }
  const records = advanceRecords(workspace, changes, { random, at, pick, touch, admin, created, updated });
  const tickets = advanceTickets(workspace, changes, at);
  if (at > workspace.clock) workspace.clock = at;
  return { at, created, updated: [...updated], ...records, ...tickets };
}
