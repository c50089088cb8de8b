import type {
  ConversationSkeleton,
  ConversationState,
  Priority,
  SkeletonContext,
  SkeletonPart,
} from './conversation-skeleton.js';
import { buildSkeleton } from './conversation-skeleton.js';
import type { RealismOptions } from '../realism/realism-options.js';
import { PLAIN_DEFAULTS } from '../realism/realism-options.js';
import type { ContactEdit } from './directory.js';
import { Directory } from './directory.js';
import { CompanyDirectory } from './company-directory.js';
import { TicketStore } from './ticket-store.js';
import { HISTORY_DAYS, sampleCreatedAt } from './created-at-sampler.js';
import { hashSeed } from './random.js';
import type { ChangeListener, SearchState } from './search-state.js';
import type { ConversationSummary } from './statistics.js';
import { summarize } from './statistics.js';

/**
 * The generated workspace. Per conversation it keeps only typed-array columns (what search needs) and
 * rebuilds the rest from the conversation's seed; changes made by advance() are kept as extra parts.
 */

export const STATES: readonly ConversationState[] = ['open', 'closed', 'snoozed'];
export const PRIORITY_VALUES: readonly Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];
const ID_BASE = 215_000_000_000;
const DAY = 86_400;
const NO_TAG = 255;

export interface WorkspaceOptions {
  conversations: number;
  seed: number;
  /** Unix seconds: the generated history ends here. */
  now: number;
  /** How the API renders the workspace, and whether rich parts are generated (default: plain). */
  realism?: RealismOptions;
  /** Each opening message is padded to at least this many bytes (0: as generated). For memory tests. */
  messageBytes?: number;
  /** Tickets generated up front (default: one for every 8 conversations, plus 6). */
  tickets?: number;
  /** Companies (default: one for every 8 contacts, plus 5). */
  companies?: number;
}

export class Workspace {
  readonly seed: number;
  readonly now: number;
  /** Opening messages are padded to at least this many bytes (0: not padded). */
  readonly messageBytes: number;
  readonly directory: Directory;
  readonly companies: CompanyDirectory;
  readonly tickets: TicketStore;
  readonly context: SkeletonContext;
  readonly baseCount: number;
  readonly realism: RealismOptions;
  /** Bumped by every change, so cached search results know they are stale. */
  version = 0;
  /** The latest time anything happened; advance() never goes back before it. */
  clock: number;
  #count: number;
  createdAt: Uint32Array;
  updatedAt: Uint32Array;
  partsTotal: Uint32Array;
  state: Uint8Array;
  read: Uint8Array;
  priority: Uint8Array;
  adminAssignee: Int16Array;
  teamAssignee: Int8Array;
  contactIndex: Uint32Array;
  sourceAdmin: Int16Array;
  tags: Uint8Array;
  /** The `version` at which each conversation last changed (0: as generated), so caches know what is stale. */
  revision: Uint32Array;
  readonly #extraParts = new Map<number, SkeletonPart[]>();
  /** Deleted conversation -> deleted_at, in the order they were deleted. */
  readonly #deletedAt = new Map<number, number>();
  /** Conversations moved to another contact (a contact merge) -> that contact's index. */
  readonly #contactOf = new Map<number, number>();
  /** updated_at moved without a new part (a contact merge). */
  readonly #touchedAt = new Map<number, number>();
  /** Merged conversation -> the primary it was merged into. */
  readonly #linkedTo = new Map<number, number>();
  readonly #listeners: ChangeListener[] = [];

  constructor(options: WorkspaceOptions) {
    this.seed = options.seed >>> 0;
    this.messageBytes = Math.max(0, options.messageBytes ?? 0);
    this.now = options.now;
    this.realism = options.realism ?? PLAIN_DEFAULTS;
    this.baseCount = options.conversations;
    this.#count = options.conversations;
    const contactCount = Math.ceil(options.conversations / 2.5) + 20;
    const historyStart = options.now - HISTORY_DAYS * DAY;
    this.directory = new Directory(this.seed, contactCount, historyStart);
    this.companies = new CompanyDirectory(
      this.seed,
      options.companies ?? Math.ceil(contactCount / 8) + 5,
      historyStart,
      options.now,
      this.directory,
    );
    this.tickets = new TicketStore(options.tickets ?? Math.ceil(options.conversations / 8) + 6, () => ({
      seed: this.seed,
      now: this.now,
      historyStart,
      conversationCount: this.baseCount,
      conversationCreatedAt: (index) => this.createdAt[index] ?? this.now,
      conversationContact: (index) => this.contactIndex[index] ?? 0,
      contactCount: this.directory.baseContactCount,
      adminCount: this.directory.admins.length,
      teamCount: this.directory.teams.length,
    }));
    this.context = {
      now: options.now,
      contactCount,
      adminCount: this.directory.admins.length,
      teamCount: this.directory.teams.length,
      tagCount: this.directory.tags.length,
      awayAdmins: new Set(this.directory.admins.filter((admin) => admin.away).map((admin) => admin.index)),
      richParts: this.realism.richParts,
    };
    const capacity = options.conversations + 64;
    this.createdAt = new Uint32Array(capacity);
    this.createdAt.set(sampleCreatedAt(options.conversations, this.seed, options.now));
    this.updatedAt = new Uint32Array(capacity);
    this.partsTotal = new Uint32Array(capacity);
    this.state = new Uint8Array(capacity);
    this.read = new Uint8Array(capacity);
    this.priority = new Uint8Array(capacity);
    this.adminAssignee = new Int16Array(capacity);
    this.teamAssignee = new Int8Array(capacity);
    this.contactIndex = new Uint32Array(capacity);
    this.sourceAdmin = new Int16Array(capacity);
    this.tags = new Uint8Array(capacity * 3);
    this.revision = new Uint32Array(capacity);
    this.clock = options.now;
    for (let index = 0; index < options.conversations; index++) this.#store(index, this.#baseSkeleton(index));
  }

  /** The app's id_code, also each contact's workspace_id. */
  get workspaceId(): string {
    return `fake${this.seed.toString(36)}`;
  }

  get count(): number {
    return this.#count;
  }

  idOf(index: number): string {
    return String(ID_BASE + index * 8 + (hashSeed(this.seed, 0x1d, index) & 7));
  }

  /** The index of a conversation id, or -1. */
  indexOf(id: string): number {
    if (!/^\d{1,16}$/.test(id)) return -1;
    const index = Math.floor((Number(id) - ID_BASE) / 8);
    return index >= 0 && index < this.#count && this.idOf(index) === id ? index : -1;
  }

  conversationSeed(index: number): number {
    return hashSeed(this.seed, 0xc1, index);
  }

  #baseSkeleton(index: number): ConversationSkeleton {
    const createdAt = this.createdAt[index] ?? 0;
    // Conversations started by advance() begin with no parts.
    const partCount = index >= this.baseCount ? 0 : undefined;
    const skeleton = buildSkeleton(this.conversationSeed(index), createdAt, this.context, partCount);
    const contactIndex = this.#contactOf.get(index);
    if (contactIndex !== undefined) skeleton.contactIndex = contactIndex;
    return skeleton;
  }

  /** The conversation's full structure: generated parts plus everything advance() appended. */
  skeleton(index: number): ConversationSkeleton {
    const skeleton = this.#baseSkeleton(index);
    const extra = this.#extraParts.get(index);
    if (extra !== undefined) skeleton.parts.push(...extra);
    return skeleton;
  }

  summary(index: number): { skeleton: ConversationSkeleton; summary: ConversationSummary } {
    const skeleton = this.skeleton(index);
    return { skeleton, summary: this.#summarize(index, skeleton) };
  }

  #summarize(index: number, skeleton: ConversationSkeleton): ConversationSummary {
    const summary = summarize(skeleton, skeleton.parts);
    const touchedAt = this.#touchedAt.get(index);
    if (touchedAt !== undefined && touchedAt > summary.updatedAt) summary.updatedAt = touchedAt;
    return summary;
  }

  tagIndexes(index: number): number[] {
    const result: number[] = [];
    for (let slot = 0; slot < 3; slot++) {
      const tag = this.tags[index * 3 + slot] ?? NO_TAG;
      if (tag !== NO_TAG) result.push(tag);
    }
    return result;
  }

  #store(index: number, skeleton: ConversationSkeleton): void {
    const summary = this.#summarize(index, skeleton);
    this.updatedAt[index] = summary.updatedAt;
    this.partsTotal[index] = skeleton.parts.length;
    this.state[index] = STATES.indexOf(summary.state);
    this.read[index] = skeleton.read || summary.state === 'closed' ? 1 : 0;
    this.priority[index] = PRIORITY_VALUES.indexOf(skeleton.priority);
    this.adminAssignee[index] = summary.adminAssignee;
    this.teamAssignee[index] = summary.teamAssignee;
    this.contactIndex[index] = skeleton.contactIndex;
    this.sourceAdmin[index] = skeleton.sourceAdmin;
    for (let slot = 0; slot < 3; slot++) this.tags[index * 3 + slot] = skeleton.tagIndexes[slot] ?? NO_TAG;
    if (summary.updatedAt > this.clock) this.clock = summary.updatedAt;
  }

  #grow(): void {
    const capacity = this.createdAt.length * 2;
    const grow = <T extends Uint32Array | Uint8Array | Int16Array | Int8Array>(array: T, size: number): T => {
      const next = new (array.constructor as new (length: number) => T)(size);
      next.set(array);
      return next;
    };
    this.createdAt = grow(this.createdAt, capacity);
    this.updatedAt = grow(this.updatedAt, capacity);
    this.partsTotal = grow(this.partsTotal, capacity);
    this.state = grow(this.state, capacity);
    this.read = grow(this.read, capacity);
    this.priority = grow(this.priority, capacity);
    this.adminAssignee = grow(this.adminAssignee, capacity);
    this.teamAssignee = grow(this.teamAssignee, capacity);
    this.contactIndex = grow(this.contactIndex, capacity);
    this.sourceAdmin = grow(this.sourceAdmin, capacity);
    this.tags = grow(this.tags, capacity * 3);
    this.revision = grow(this.revision, capacity);
  }

  /** Starts a new conversation (its opening message only) at `at`, by `contactIndex` if given. */
  addConversation(at: number, contactIndex?: number): number {
    if (this.#count >= this.createdAt.length) this.#grow();
    const index = this.#count++;
    this.createdAt[index] = at;
    if (contactIndex !== undefined) this.#contactOf.set(index, contactIndex);
    this.#store(index, this.#baseSkeleton(index));
    this.#changed(index, null);
    return index;
  }

  /** Appends parts (as live traffic would) and refreshes the stored columns. */
  appendParts(index: number, parts: SkeletonPart[], read?: boolean): void {
    const before = this.searchState(index);
    const extra = this.#extraParts.get(index) ?? [];
    extra.push(...parts);
    this.#extraParts.set(index, extra);
    const skeleton = this.skeleton(index);
    const wasRead = this.read[index];
    this.#store(index, skeleton);
    this.read[index] = read === undefined ? (wasRead ?? 1) : read ? 1 : 0;
    this.#changed(index, before);
  }

  isDeleted(index: number): boolean {
    return this.#deletedAt.has(index);
  }

  /** Deleted conversations in the order they were deleted. */
  deletions(): { index: number; deletedAt: number }[] {
    return [...this.#deletedAt].map(([index, deletedAt]) => ({ index, deletedAt }));
  }

  /** Deletes a conversation at `at` (a no-op if it already is): GET answers 404, search drops it. */
  deleteConversation(index: number, at: number): void {
    if (this.#deletedAt.has(index)) return;
    const before = this.searchState(index);
    this.#deletedAt.set(index, at);
    if (at > this.clock) this.clock = at;
    this.#changed(index, before);
  }

  /** The primary a merged conversation was merged into. Set before the merge's parts are appended. */
  linkedTo(index: number): number | undefined {
    return this.#linkedTo.get(index);
  }

  linkConversation(index: number, primary: number): void {
    this.#linkedTo.set(index, primary);
  }

  /** Moves a conversation to another contact (a contact merge), its updated_at to `at`. */
  moveToContact(index: number, contactIndex: number, at: number): void {
    const before = this.searchState(index);
    this.#contactOf.set(index, contactIndex);
    this.#touchedAt.set(index, Math.max(at, this.#touchedAt.get(index) ?? 0));
    this.#store(index, this.skeleton(index));
    this.#changed(index, before);
  }

  /** Edits a contact; its conversations keep their updated_at but show the new name and email. */
  editContact(index: number, edit: ContactEdit): void {
    this.directory.editContact(index, edit);
    this.version++;
    for (let conversation = 0; conversation < this.#count; conversation++)
      if (this.contactIndex[conversation] === index) this.revision[conversation] = this.version;
  }

  /** Merges a contact into another: it disappears; its conversations move to the other at `at`. */
  mergeContact(index: number, into: number, at: number): number[] {
    this.directory.mergeContact(index, into);
    const moved: number[] = [];
    for (let conversation = 0; conversation < this.#count; conversation++) {
      if (this.contactIndex[conversation] !== index || this.#deletedAt.has(conversation)) continue;
      this.moveToContact(conversation, into, at);
      moved.push(conversation);
    }
    return moved;
  }

  /** What search would know of a conversation now. */
  searchState(index: number): SearchState {
    if (index >= this.#count) return null;
    return { updatedAt: this.updatedAt[index] ?? 0, removed: this.#deletedAt.has(index) };
  }

  /** Calls `listener` after every conversation change (search indexes follow the record store). */
  onChange(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  #changed(index: number, before: SearchState): void {
    this.revision[index] = ++this.version;
    for (const listener of this.#listeners) listener(index, before);
  }
}
