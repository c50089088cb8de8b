import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import { hashSeed } from '../workspace/random.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Deleted conversations: GET /conversations/{id} answers 404, search drops them (through the index lag),
 * and GET /conversations/deleted (new in 2.16) lists them with page-number pagination, `per_page` at
 * most 60, `order` asc|desc (REAL-API-BEHAVIOUR.md, "Deletions and merges"; the spec's
 * listDeletedConversationIds).
 */

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 60;

/**
 * Deletes conversations at `at` (default: now, never before the workspace's latest activity). Every id
 * must name a conversation that exists (else 404 and nothing is deleted); one already deleted is left
 * as it is. Returns the ids deleted by this call.
 */
export function deleteConversations(workspace: Workspace, ids: readonly string[], at?: number): string[] {
  const indexes = ids.map((id) => {
    const index = workspace.indexOf(id);
    if (index < 0) throw new ApiError(404, 'not_found', `Conversation ${id} not found`);
    return index;
  });
  const when = at ?? Math.max(Math.floor(Date.now() / 1000), workspace.clock);
  const deleted: string[] = [];
  for (const index of indexes) {
    if (workspace.isDeleted(index)) continue;
    workspace.deleteConversation(index, when);
    deleted.push(workspace.idOf(index));
  }
  return deleted;
}

/**
 * Deletes tickets at `at`, as deleteConversations does conversations. The 2.16 API has DELETE
 * /tickets/{id} but no list of deleted tickets: a deleted ticket answers 404 and leaves ticket search.
 */
export function deleteTickets(workspace: Workspace, ids: readonly string[], at?: number): string[] {
  const tickets = workspace.tickets;
  const indexes = ids.map((id) => {
    const index = tickets.indexOf(id);
    if (index < 0) throw new ApiError(404, 'ticket_not_found', `Ticket ${id} not found`);
    return index;
  });
  const when = at ?? Math.max(Math.floor(Date.now() / 1000), workspace.clock);
  const deleted: string[] = [];
  for (const index of indexes) {
    if (tickets.isDeleted(index)) continue;
    tickets.delete(index, when);
    deleted.push(tickets.ticket(index).id);
  }
  return deleted;
}

/** Whether Intercom kept the reporting metrics of a deleted conversation (seeded, about half). */
function metricsRetained(workspace: Workspace, index: number): boolean {
  return (hashSeed(workspace.seed, 0xde1, index) & 1) === 1;
}

/** A page-number query parameter: `fallback` when absent, else an integer in [1, max] or a 400. */
export function positiveInteger(name: string, text: string | null, fallback: number, max?: number): number {
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    const range = max === undefined ? 'a positive integer' : `an integer between 1 and ${max}`;
    throw new ApiError(400, 'parameter_invalid', `${name} must be ${range}.`);
  }
  return value;
}

export function deletedConversationsRoute(): Route {
  return {
    method: 'GET',
    pattern: /^\/conversations\/deleted$/,
    name: 'GET /conversations/deleted',
    handle: ({ workspace, url }) => {
      const params = url.searchParams;
      const page = positiveInteger('page', params.get('page'), 1);
      const perPage = positiveInteger('per_page', params.get('per_page'), DEFAULT_PER_PAGE, MAX_PER_PAGE);
      const order = params.get('order') ?? 'desc';
      if (order !== 'asc' && order !== 'desc')
        throw new ApiError(400, 'parameter_invalid', 'order must be asc or desc.');
      const sign = order === 'asc' ? 1 : -1;
      const all = workspace
        .deletions()
        .sort((a, b) => sign * (a.deletedAt - b.deletedAt || a.index - b.index));
      const totalPages = Math.ceil(all.length / perPage);
      const pages: Record<string, unknown> = { type: 'pages' };
      if (page < totalPages) {
        const next = new URL('/conversations/deleted', url.origin);
        next.search = new URLSearchParams({
          per_page: String(perPage),
          order,
          page: String(page + 1),
        }).toString();
        pages.next = next.toString();
      }
      Object.assign(pages, { page, per_page: perPage, total_pages: totalPages });
      return {
        body: {
          type: 'conversations.list',
          total_count: all.length,
          pages,
          conversations: all.slice((page - 1) * perPage, page * perPage).map(({ index, deletedAt }) => ({
            type: 'conversation',
            id: workspace.idOf(index),
            metrics_retained: metricsRetained(workspace, index),
            deleted_at: deletedAt,
          })),
        },
      };
    },
  };
}
