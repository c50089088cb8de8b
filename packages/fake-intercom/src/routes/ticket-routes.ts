import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import type { LaggedSearchIndex } from '../realism/search-index-lag.js';
import { TICKET_STATES, TICKET_TYPES } from '../workspace/ticket-types.js';
import { renderTicket, ticketStateJson, ticketTypeJson } from '../workspace/ticket-renderer.js';
import type { PagingRealism } from './result-pager.js';
import { pageOf, pagesObject } from './result-pager.js';
import { SearchQueryError, parsePagination } from './search-dsl.js';
import { searchTickets } from './ticket-search.js';

export interface TicketRouteOptions {
  /** Ticket search's own index, lagging the record store (absent: search reads the store). */
  searchIndex?: LaggedSearchIndex;
  /** Read per request: the stuck-cursor control can change it. */
  paging: () => PagingRealism;
}

export function ticketRoutes(options: TicketRouteOptions): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/tickets\/search$/,
      name: 'POST /tickets/search',
      handle: ({ workspace, body }) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new ApiError(400, 'bad_request', 'The request body must be a JSON object with a query.');
        const { query, sort, pagination } = body as Record<string, unknown>;
        if (query === undefined || query === null)
          throw new ApiError(400, 'parameter_not_found', 'query parameter is required.');
        try {
          const { perPage, startingAfter } = parsePagination(pagination);
          const result = searchTickets(workspace, options.searchIndex, query, sort);
          const page = pageOf(result, startingAfter, perPage, options.paging());
          return {
            body: {
              type: 'ticket.list',
              pages: pagesObject(page),
              total_count: page.totalCount,
              tickets: page.indexes.map((index) =>
                renderTicket(workspace, index, { updatedAt: result.indexedUpdatedAt.get(index) }),
              ),
            },
          };
        } catch (error) {
          if (error instanceof SearchQueryError) throw new ApiError(400, error.code, error.message);
          throw error;
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/tickets\/([^/]+)$/,
      name: 'GET /tickets/{id}',
      handle: ({ workspace, params }) => {
        const index = workspace.tickets.indexOf(decodeURIComponent(params[0] ?? ''));
        // The record store: a deleted ticket is gone at once, whatever search still shows.
        if (index < 0 || workspace.tickets.isDeleted(index))
          throw new ApiError(404, 'ticket_not_found', 'Ticket not found');
        return { body: renderTicket(workspace, index) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/ticket_types$/,
      name: 'GET /ticket_types',
      handle: ({ workspace }) => ({
        body: { type: 'list', data: TICKET_TYPES.map((type) => ticketTypeJson(workspace, type, true)) },
      }),
    },
    {
      method: 'GET',
      pattern: /^\/ticket_states$/,
      name: 'GET /ticket_states',
      handle: () => ({
        body: { type: 'list', data: TICKET_STATES.map((_, state) => ticketStateJson(state)) },
      }),
    },
  ];
}
