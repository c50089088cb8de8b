import { statisticsWithheld } from '../realism/explicit-nulls.js';
import type { ConversationSkeleton } from '../workspace/conversation-skeleton.js';
import type { ContactRecord } from '../workspace/directory.js';
import { htmlToPlainText } from '../workspace/html-text.js';
import { sourceBody, sourceSubject } from '../workspace/conversation-renderer.js';
import type { ConversationSummary } from '../workspace/statistics.js';
import { PRIORITY_VALUES, STATES } from '../workspace/workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import type { FieldTable } from './search-dsl.js';

/**
 * A conversation as search sees it: cheap columns straight from the workspace arrays, expensive ones
 * (source body, statistics) rebuilt only when a filter asks for them.
 */
export class ConversationRow {
  readonly workspace: Workspace;
  readonly index: number;
  /** As search last indexed it (see realism/search-index-lag.ts): the record's own unless a change is pending. */
  readonly updatedAt: number;
  #detail: { skeleton: ConversationSkeleton; summary: ConversationSummary } | undefined;
  #contact: ContactRecord | undefined;
  #body: string | undefined;

  constructor(workspace: Workspace, index: number, updatedAt = workspace.updatedAt[index] ?? 0) {
    this.workspace = workspace;
    this.index = index;
    this.updatedAt = updatedAt;
  }

  get detail(): { skeleton: ConversationSkeleton; summary: ConversationSummary } {
    this.#detail ??= this.workspace.summary(this.index);
    return this.#detail;
  }

  get contact(): ContactRecord {
    this.#contact ??= this.workspace.directory.contact(this.workspace.contactIndex[this.index] ?? 0);
    return this.#contact;
  }

  get bodyText(): string {
    this.#body ??= htmlToPlainText(sourceBody(this.workspace, this.index, this.detail.skeleton));
    return this.#body;
  }

  get sourceAdmin(): number {
    return this.workspace.sourceAdmin[this.index] ?? -1;
  }
}

const ws = (row: ConversationRow): Workspace => row.workspace;
const zeroIfNone = (value: number): number => (value >= 0 ? value : 0);

function statistic(name: keyof ConversationSummary['statistics']): FieldTable<ConversationRow>[string] {
  const type = name.endsWith('_at') ? 'date' : 'integer';
  return {
    type,
    get: (row) => (statisticsWithheld(ws(row), row.index) ? null : row.detail.summary.statistics[name]),
  };
}

export const CONVERSATION_FIELDS: FieldTable<ConversationRow> = {
  id: { type: 'string', get: (row) => ws(row).idOf(row.index) },
  created_at: { type: 'date', get: (row) => ws(row).createdAt[row.index] },
  updated_at: { type: 'date', get: (row) => row.updatedAt },
  state: { type: 'string', get: (row) => STATES[ws(row).state[row.index] ?? 0] },
  open: { type: 'boolean', get: (row) => ws(row).state[row.index] !== 1 },
  read: { type: 'boolean', get: (row) => ws(row).read[row.index] === 1 },
  priority: { type: 'string', get: (row) => PRIORITY_VALUES[ws(row).priority[row.index] ?? 0] },
  admin_assignee_id: {
    type: 'integer',
    get: (row) => {
      const admin = ws(row).adminAssignee[row.index] ?? -1;
      return admin >= 0 ? Number(ws(row).directory.admin(admin).id) : zeroIfNone(admin);
    },
  },
  team_assignee_id: {
    type: 'integer',
    get: (row) => {
      const team = ws(row).teamAssignee[row.index] ?? -1;
      return team >= 0 ? Number(ws(row).directory.team(team).id) : zeroIfNone(team);
    },
  },
  contact_ids: { type: 'string', get: (row) => [row.contact.id] },
  tag_ids: {
    type: 'string',
    get: (row) =>
      ws(row)
        .tagIndexes(row.index)
        .map((tag) => ws(row).directory.tag(tag).id),
  },
  teammate_ids: {
    type: 'string',
    get: (row) => row.detail.summary.teammates.map((admin) => ws(row).directory.admin(admin).id),
  },
  waiting_since: { type: 'date', get: (row) => row.detail.summary.waitingSince },
  snoozed_until: { type: 'date', get: (row) => row.detail.summary.snoozedUntil },
  'source.type': { type: 'string', get: (row) => row.detail.skeleton.sourceType },
  'source.id': { type: 'string', get: (row) => String(400_000_000 + row.index) },
  'source.delivered_as': {
    type: 'string',
    get: (row) => (row.sourceAdmin >= 0 ? 'admin_initiated' : 'customer_initiated'),
  },
  'source.subject': {
    type: 'string',
    get: (row) => sourceSubject(row.detail.skeleton, ws(row).conversationSeed(row.index)),
  },
  'source.body': { type: 'string', words: true, get: (row) => row.bodyText },
  'source.author.id': {
    type: 'string',
    get: (row) => (row.sourceAdmin >= 0 ? ws(row).directory.admin(row.sourceAdmin).id : row.contact.id),
  },
  'source.author.type': { type: 'string', get: (row) => (row.sourceAdmin >= 0 ? 'admin' : row.contact.role) },
  'source.author.name': {
    type: 'string',
    get: (row) => (row.sourceAdmin >= 0 ? ws(row).directory.admin(row.sourceAdmin).name : row.contact.name),
  },
  'source.author.email': {
    type: 'string',
    get: (row) => (row.sourceAdmin >= 0 ? ws(row).directory.admin(row.sourceAdmin).email : row.contact.email),
  },
  'statistics.time_to_assignment': statistic('time_to_assignment'),
  'statistics.time_to_admin_reply': statistic('time_to_admin_reply'),
  'statistics.time_to_first_close': statistic('time_to_first_close'),
  'statistics.time_to_last_close': statistic('time_to_last_close'),
  'statistics.median_time_to_reply': statistic('median_time_to_reply'),
  'statistics.first_contact_reply_at': statistic('first_contact_reply_at'),
  'statistics.first_assignment_at': statistic('first_assignment_at'),
  'statistics.first_admin_reply_at': statistic('first_admin_reply_at'),
  'statistics.first_close_at': statistic('first_close_at'),
  'statistics.last_assignment_at': statistic('last_assignment_at'),
  'statistics.last_contact_reply_at': statistic('last_contact_reply_at'),
  'statistics.last_admin_reply_at': statistic('last_admin_reply_at'),
  'statistics.last_close_at': statistic('last_close_at'),
  'statistics.count_reopens': statistic('count_reopens'),
  'statistics.count_assignments': statistic('count_assignments'),
  'statistics.count_conversation_parts': {
    type: 'integer',
    get: (row) =>
      statisticsWithheld(ws(row), row.index)
        ? null
        : (ws(row).partsTotal[row.index] ?? 0) + (ws(row).realism.countsOpeningMessage ? 1 : 0),
  },
};

/** Fields search results can be sorted by, with their column (`updatedAt`: as search indexed it). */
export const CONVERSATION_SORT_FIELDS: Record<
  string,
  (workspace: Workspace, index: number, updatedAt: number) => number
> = {
  updated_at: (_workspace, _index, updatedAt) => updatedAt,
  created_at: (workspace, index) => workspace.createdAt[index] ?? 0,
  id: (_workspace, index) => index,
};
