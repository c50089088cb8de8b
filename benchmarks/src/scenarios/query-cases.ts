import {
  getConversation,
  getConversationSummary,
  getCustomerContext,
  getRecentConversations,
  getSyncStatus,
  getTeamPerformance,
  searchConversations,
} from '@fastintercom/core';
import type { ConversationFilters, ConversationState, DateField, FicDatabase } from '@fastintercom/core';
import type { QueryWorkload } from './query-workload.js';

/** The MCP tools that answer from the database. sync_conversations starts a sync (scenarios 1 to 3). */
export const QUERY_TOOLS = [
  'search_conversations',
  'get_conversation',
  'get_conversation_summary',
  'get_customer_context',
  'get_recent_conversations',
  'get_team_performance',
  'get_sync_status',
] as const;
export type QueryTool = (typeof QUERY_TOOLS)[number];

/** p95 targets of the issue: 10 ms for every tool, 15 ms for full-text search. */
export function targetMs(tool: string): number {
  return tool === 'search_conversations' ? 15 : 10;
}

/** One call: the arguments a model would send, and the same call straight to the core query. */
export interface QueryCase {
  args: Record<string, unknown>;
  direct: (database: FicDatabase, now: number) => unknown;
}

type Args = Record<string, unknown>;
type Pick = <T>(items: readonly T[]) => T;

const SPANS = ['7d', '30d', '90d', '365d'];
const STATES = ['open', 'closed', 'snoozed'];

/** `count` varied calls per tool, in a seeded order. */
export function buildQueryCases(
  workload: QueryWorkload,
  count: number,
  random: () => number,
): Record<QueryTool, QueryCase[]> {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const chance = (p: number): boolean => random() < p;
  const repeat = (make: (i: number) => QueryCase): QueryCase[] =>
    Array.from({ length: count }, (_, i) => make(i));
  const admin = (): string => {
    const chosen = pick(workload.admins);
    return pick([chosen.name, chosen.email, chosen.id].filter((value): value is string => value !== null));
  };
  const customers = [...workload.busyCustomerEmails, ...workload.quietCustomerEmails];
  const filters = (): Args => {
    const args: Args = {};
    if (chance(0.3)) args.state = pick(STATES);
    if (chance(0.3)) args.since = pick(SPANS);
    if (chance(0.15) && workload.admins.length > 0) args.admin_assignee = admin();
    if (chance(0.1) && workload.teams.length > 0) args.team_assignee = pick(workload.teams);
    if (chance(0.15) && workload.tags.length > 0) args.tag = pick(workload.tags);
    if (chance(0.1) && customers.length > 0) args.customer_email = pick(customers);
    return args;
  };
  const words = (): string => {
    const kind = random();
    if (kind < 0.3 || workload.rareWords.length === 0) return pick(workload.commonWords);
    if (kind < 0.5) return pick(workload.rareWords);
    if (kind < 0.65) return `${pick(workload.commonWords)} ${pick(workload.commonWords)}`;
    if (kind < 0.75) return `${pick(workload.commonWords)} ${pick(workload.rareWords)}`;
    if (kind < 0.9 && workload.phrases.length > 0) return pick(workload.phrases);
    return `${pick(workload.commonWords).slice(0, 4)}*`;
  };
  const ids = [...workload.conversationIds, ...workload.longConversationIds];

  return {
    search_conversations: repeat((i) => {
      const args: Args = { query: words(), ...(i % 2 === 0 ? filters() : {}) };
      if (chance(0.2)) args.limit = pick([5, 20, 50]);
      return {
        args,
        direct: (db, now) =>
          searchConversations(db, {
            ...filterInput(args, now),
            query: args.query as string,
            limit: args.limit as number | undefined,
          }),
      };
    }),
    get_conversation: repeat(() => {
      const args: Args = { conversation_id: pick(ids) };
      if (chance(0.3)) args.include_notes = chance(0.5);
      if (chance(0.3)) args.max_parts = pick([10, 50, 100]);
      return {
        args,
        direct: (db) =>
          getConversation(db, {
            id: args.conversation_id as string,
            includeNotes: args.include_notes as boolean | undefined,
            maxParts: (args.max_parts as number | undefined) ?? 30,
          }),
      };
    }),
    get_conversation_summary: repeat(() => {
      const args: Args = { conversation_id: pick(ids) };
      return {
        args,
        direct: (db, now) => getConversationSummary(db, { id: args.conversation_id as string, now }),
      };
    }),
    get_customer_context: repeat((i) => {
      const emails = i % 2 === 0 ? workload.busyCustomerEmails : workload.quietCustomerEmails;
      const args: Args = { email: pick(emails.length > 0 ? emails : customers) };
      if (chance(0.5)) args.since = pick(['90d', '365d', '3650d']);
      return {
        args,
        direct: (db, now) =>
          getCustomerContext(db, {
            email: args.email as string,
            since: args.since as string | undefined,
            limit: 10,
            now,
          }),
      };
    }),
    get_recent_conversations: repeat(() => {
      const args: Args = filters();
      if (chance(0.3)) args.limit = pick([10, 50]);
      return {
        args,
        direct: (db, now) =>
          getRecentConversations(db, { ...filterInput(args, now), limit: args.limit as number | undefined }),
      };
    }),
    get_team_performance: repeat(() => {
      const args: Args = { group_by: pick(['admin', 'team']), since: pick(SPANS) };
      if (chance(0.2) && workload.admins.length > 0 && args.group_by === 'admin') args.members = [admin()];
      return {
        args,
        direct: (db, now) =>
          getTeamPerformance(db, {
            groupBy: args.group_by as 'admin' | 'team',
            since: args.since as string,
            members: args.members as string[] | undefined,
            now,
          }),
      };
    }),
    get_sync_status: repeat(() => ({
      args: {},
      direct: (db, now) => getSyncStatus(db, { now, nextBackgroundSyncAt: null }),
    })),
  };
}

/** snake_case tool filters -> the core's camelCase filters, as the MCP tools map them. */
function filterInput(args: Args, now: number): ConversationFilters {
  const text = (key: string): string | undefined => args[key] as string | undefined;
  return {
    state: args.state as ConversationState | undefined,
    since: text('since'),
    until: text('until'),
    dateField: args.date_field as DateField | undefined,
    customerEmail: text('customer_email'),
    adminAssignee: text('admin_assignee'),
    teamAssignee: text('team_assignee'),
    tag: text('tag'),
    now,
  };
}
