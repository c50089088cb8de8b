import { ApiError } from '../http/api-error.js';
import type { Route, RouteRequest, RouteResponse } from '../http/route.js';
import { isLegacyVersion } from '../http/route.js';
import { deletedConversationsRoute } from '../realism/deletions.js';
import type { LaggedSearchIndex } from '../realism/search-index-lag.js';
import type { RenderOptions } from '../workspace/conversation-renderer.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ConversationSearchResult } from './conversation-search.js';
import { ConversationSearch } from './conversation-search.js';
import type { RenderedConversations } from './rendered-conversations.js';
import type { PagingRealism, ResultPage } from './result-pager.js';
import { pageOf, pagesObject } from './result-pager.js';
import { SearchQueryError, parsePagination } from './search-dsl.js';

/** The variant a request asks for: its Intercom-Version and `display_as`. */
export function renderOptions(request: RouteRequest): RenderOptions {
  return {
    legacy: isLegacyVersion(request.version),
    plaintext: request.url.searchParams.get('display_as') === 'plaintext',
  };
}

const CONVERSATIONS_START = Buffer.from(',"conversations":[');
const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

export interface ConversationRouteOptions {
  rendered: RenderedConversations;
  /** Search's own index, lagging the record store (absent: search reads the store). */
  searchIndex?: LaggedSearchIndex;
  /** Read per request: the stuck-cursor control can change it. */
  paging: () => PagingRealism;
}

/**
 * A list item showing the updated_at search indexed instead of the record's. `updated_at` is the
 * conversation's fourth key, before any nested object, so its first occurrence is the one to change.
 */
function withIndexedUpdatedAt(pieces: Buffer[], current: number, indexed: number): Buffer[] {
  const text = Buffer.concat(pieces).toString('utf8');
  return [Buffer.from(text.replace(`"updated_at":${current},`, `"updated_at":${indexed},`))];
}

/** A conversation.list page, assembled from each conversation's encoded JSON. */
function conversationList(
  request: RouteRequest,
  page: ResultPage,
  result: ConversationSearchResult,
  rendered: RenderedConversations,
): RouteResponse {
  const options = renderOptions(request);
  // `conversations` is the last key, so the page is its other keys' JSON with the items spliced in.
  const head = JSON.stringify({
    type: 'conversation.list',
    pages: pagesObject(page),
    total_count: page.totalCount,
  });
  const pieces: Buffer[] = [Buffer.from(head.slice(0, -1)), CONVERSATIONS_START];
  for (const [position, index] of page.indexes.entries()) {
    if (position > 0) pieces.push(COMMA);
    const item = rendered.listItem(index, options);
    const indexed = result.indexedUpdatedAt.get(index);
    const current = request.workspace.updatedAt[index] ?? 0;
    pieces.push(...(indexed === undefined ? item : withIndexedUpdatedAt(item, current, indexed)));
  }
  pieces.push(LIST_END);
  return { encoded: Buffer.concat(pieces) };
}

function asBadRequest<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SearchQueryError) throw new ApiError(400, error.code, error.message);
    throw error;
  }
}

export function conversationRoutes(workspace: Workspace, options: ConversationRouteOptions): Route[] {
  const { rendered, paging } = options;
  const search = new ConversationSearch(workspace, options.searchIndex);
  return [
    {
      method: 'POST',
      pattern: /^\/conversations\/search$/,
      name: 'POST /conversations/search',
      handle: (request) => {
        const body = request.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new ApiError(400, 'bad_request', 'The request body must be a JSON object with a query.');
        }
        const { query, sort, pagination } = body as Record<string, unknown>;
        if (query === undefined || query === null)
          throw new ApiError(400, 'parameter_not_found', 'query parameter is required.');
        const { result, page } = asBadRequest(() => {
          const { perPage, startingAfter } = parsePagination(pagination);
          const found = search.run(query, sort);
          return { result: found, page: pageOf(found, startingAfter, perPage, paging()) };
        });
        return conversationList(request, page, result, rendered);
      },
    },
    {
      method: 'GET',
      pattern: /^\/conversations$/,
      name: 'GET /conversations',
      handle: (request) => {
        const params = request.url.searchParams;
        const perPageText = params.get('per_page');
        const { result, page } = asBadRequest(() => {
          const { perPage, startingAfter } = parsePagination({
            per_page: perPageText === null ? 20 : Number(perPageText),
            starting_after: params.get('starting_after') ?? undefined,
          });
          const found = search.run(null, { field: 'updated_at', order: 'descending' });
          return { result: found, page: pageOf(found, startingAfter, perPage, paging()) };
        });
        return conversationList(request, page, result, rendered);
      },
    },
    // Before GET /conversations/{id}, which would take "deleted" for an id.
    deletedConversationsRoute(),
    {
      method: 'GET',
      pattern: /^\/conversations\/([^/]+)$/,
      name: 'GET /conversations/{id}',
      handle: (request) => {
        const id = decodeURIComponent(request.params[0] ?? '');
        const index = request.workspace.indexOf(id);
        // The record store: a deleted conversation is gone at once, whatever search still shows.
        if (index < 0 || request.workspace.isDeleted(index))
          throw new ApiError(404, 'not_found', 'Resource Not Found');
        return { encoded: rendered.detail(index, renderOptions(request)) };
      },
    },
  ];
}
