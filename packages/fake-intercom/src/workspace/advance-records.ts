import { part } from './conversation-skeleton.js';
import type { SkeletonPart } from './conversation-skeleton.js';
import { emailLocalPart, personName } from './directory.js';
import type { Random } from './random.js';
import type { Workspace } from './workspace.js';

/**
 * The live changes that create, merge or remove records rather than add a part to a conversation:
 * deletions, conversation merges, new contacts, contact edits and contact merges (REAL-API-BEHAVIOUR.md,
 * "Deletions and merges", "Contacts"). Run by advance() after its part changes, with its generator.
 */

export interface RecordChanges {
  /** Conversations deleted (as deleteConversations). */
  deletions?: number;
  /** Conversations merged into another (a primary), the same contact's where there is one. */
  merges?: number;
  /** New contacts, each starting one new conversation. */
  newContacts?: number;
  /** Contacts named by a conversation that get a new name and/or email (their conversations do not move). */
  contactEdits?: number;
  /** Contacts (leads where there are any) merged into another contact (a user). */
  contactMerges?: number;
}

export interface RecordResult {
  deleted: string[];
  merged: { id: string; into: string }[];
  /** Contact ids; their conversations are in `created`. */
  newContacts: string[];
  contactEdits: string[];
  contactMerges: { id: string; into: string }[];
}

/** What advance() lends: its generator, time and bookkeeping. */
export interface AdvanceContext {
  random: Random;
  at: number;
  /** A conversation picked like live traffic (recently active first), -1 when none qualifies. */
  pick: (accept: (state: number) => boolean) => number;
  /** Appends parts at `at` and records the conversation as updated. */
  touch: (index: number, parts: SkeletonPart[], read: boolean) => void;
  admin: (index: number) => number;
  created: string[];
  updated: Set<string>;
}

const CLOSED = 1;
const ATTEMPTS = 40;

/** The same contact's other live conversation if there is one, else any other; -1 when none. */
function pickPrimary(workspace: Workspace, context: AdvanceContext, merged: number): number {
  const contact = workspace.contactIndex[merged];
  const siblings: number[] = [];
  for (let index = 0; index < workspace.count; index++) {
    if (index === merged || workspace.contactIndex[index] !== contact) continue;
    if (workspace.isDeleted(index) || workspace.linkedTo(index) !== undefined) continue;
    if ((workspace.updatedAt[index] ?? 0) <= context.at) siblings.push(index);
  }
  if (siblings.length > 0) return siblings[context.random.int(siblings.length)] ?? -1;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const index = context.pick(() => true);
    if (index !== merged) return index;
  }
  return -1;
}

function merge(workspace: Workspace, context: AdvanceContext, result: RecordResult): void {
  let index = context.pick((state) => state !== CLOSED);
  if (index < 0) index = context.pick(() => true);
  if (index < 0) return;
  const primary = pickPrimary(workspace, context, index);
  if (primary < 0) return;
  // Linked first, so the close that the merge appends already renders the link.
  workspace.linkConversation(index, primary);
  context.touch(index, [part('close', 'admin', context.admin(index), context.at, false)], true);
  const mergedPart = part('merged_primary_conversation', 'admin', context.admin(primary), context.at, false);
  context.touch(primary, [mergedPart], workspace.read[primary] === 1);
  result.merged.push({ id: workspace.idOf(index), into: workspace.idOf(primary) });
}

/** A live contact some conversation names, preferring `role` if given; -1 when none is found. */
function pickReferencedContact(
  workspace: Workspace,
  context: AdvanceContext,
  skip: ReadonlySet<number>,
  role?: 'lead',
): number {
  let fallback = -1;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const conversation = context.pick(() => true);
    if (conversation < 0) return -1;
    const contact = workspace.contactIndex[conversation] ?? -1;
    if (contact < 0 || skip.has(contact) || workspace.directory.isMerged(contact)) continue;
    if (role === undefined || workspace.directory.contact(contact).role === role) return contact;
    if (fallback < 0) fallback = contact;
  }
  return fallback;
}

function editContact(workspace: Workspace, context: AdvanceContext, edited: Set<number>): string | undefined {
  const index = pickReferencedContact(workspace, context, edited);
  if (index < 0) return undefined;
  edited.add(index);
  const { random } = context;
  const current = workspace.directory.contact(index);
  const change = random.int(3); // 0: name, 1: email, 2: both
  const name = change === 1 ? current.name : personName(random);
  const domain = current.email?.split('@')[1] ?? 'example.com';
  const local = emailLocalPart(name ?? personName(random));
  const email = change === 0 ? current.email : `${local}.${index}.${random.int(10_000)}@${domain}`;
  workspace.editContact(index, { name, email, updatedAt: context.at });
  return current.id;
}

/** Any live user other than `not` (any live contact if there is no user); -1 when none. */
function pickSurvivor(workspace: Workspace, context: AdvanceContext, not: number): number {
  const directory = workspace.directory;
  let fallback = -1;
  for (let attempt = 0; attempt < 4 * ATTEMPTS; attempt++) {
    const index = context.random.int(directory.contactCount);
    if (index === not || directory.isMerged(index)) continue;
    if (directory.contact(index).role === 'user') return index;
    if (fallback < 0) fallback = index;
  }
  return fallback;
}

function mergeContact(workspace: Workspace, context: AdvanceContext, result: RecordResult): void {
  const index = pickReferencedContact(workspace, context, new Set(), 'lead');
  if (index < 0) return;
  const into = pickSurvivor(workspace, context, index);
  if (into < 0) return;
  const directory = workspace.directory;
  result.contactMerges.push({ id: directory.contact(index).id, into: directory.contact(into).id });
  for (const moved of workspace.mergeContact(index, into, context.at))
    context.updated.add(workspace.idOf(moved));
}

export function advanceRecords(
  workspace: Workspace,
  changes: RecordChanges,
  context: AdvanceContext,
): RecordResult {
  const result: RecordResult = {
    deleted: [],
    merged: [],
    newContacts: [],
    contactEdits: [],
    contactMerges: [],
  };
  for (let i = 0; i < (changes.merges ?? 0); i++) merge(workspace, context, result);
  for (let i = 0; i < (changes.newContacts ?? 0); i++) {
    const contact = workspace.directory.addContact(context.at);
    result.newContacts.push(workspace.directory.contact(contact).id);
    context.created.push(workspace.idOf(workspace.addConversation(context.at, contact)));
  }
  const edited = new Set<number>();
  for (let i = 0; i < (changes.contactEdits ?? 0); i++) {
    const id = editContact(workspace, context, edited);
    if (id === undefined) break;
    result.contactEdits.push(id);
  }
  for (let i = 0; i < (changes.contactMerges ?? 0); i++) mergeContact(workspace, context, result);
  // Last, so a conversation this call changed may also be the one it deletes.
  for (let i = 0; i < (changes.deletions ?? 0); i++) {
    const index = context.pick(() => true);
    if (index < 0) break;
    workspace.deleteConversation(index, context.at);
    const id = workspace.idOf(index);
    context.updated.delete(id);
    result.deleted.push(id);
  }
  return result;
}
