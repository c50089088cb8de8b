import type { FicDatabase } from '../db/open-database.js';
import { buildConversationFilters } from './conversation-filters.js';
import { listedConversation } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import { buildFtsQuery } from './fts-query.js';
import { countMatches, fullTextSearch, MAX_RANKED_MATCHES } from './full-text-search.js';
import { decodeCursor, encodeCursor } from './query-cursor.js';
import { parseLimit } from './query-input.js';
import type { SearchConversationsInput, SearchConversationsResult, SearchOrder } from './query-types.js';

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 50;

export interface SearchOptions {
  /** Rank by relevance up to this many matches, else order by recency. Default MAX_RANKED_MATCHES. */
  maxRankedMatches?: number;
}

/**
 * Full-text search over subjects and every message body, best match first (bm25, subject weighted
 * 2x), more recent activity first among equals, with a highlighted snippet per hit. When more than
 * MAX_RANKED_MATCHES conversations match, hits come newest activity first instead (`order: 'recency'`).
 */
export function searchConversations(
  database: FicDatabase,
  input: SearchConversationsInput,
  options: SearchOptions = {},
): SearchConversationsResult {
  const { expression, prefix } = buildFtsQuery(input.query);
  const limit = parseLimit(input.limit, 'limit', SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const filters = buildConversationFilters(database, input);
  // A cursor keeps the order its first page had, even if the number of matches has since changed.
  const cursor = decodeCursor(input.cursor, [3, 2]);
  const maxRanked = options.maxRankedMatches ?? MAX_RANKED_MATCHES;
  const order: SearchOrder =
    cursor !== undefined
      ? cursor.length === 3
        ? 'relevance'
        : 'recency'
      : countMatches(database, expression, maxRanked + 1) > maxRanked
        ? 'recency'
        : 'relevance';

  const { hits, more } = fullTextSearch(database, {
    expression,
    prefix,
    order,
    conditions: filters.conditions,
    params: filters.params,
    after: cursor,
    limit,
  });
  if (hits.length === 0 && cursor === undefined) assertNotEmpty(database);

  const last = hits.at(-1);
  const nextCursor =
    more && last !== undefined
      ? encodeCursor(
          order === 'relevance' ? [last.score, last.updated_at, last.row_id] : [last.updated_at, last.row_id],
        )
      : null;
  return {
    matchExpression: expression,
    order,
    hits: hits.map((row) => ({
      ...listedConversation(row),
      snippet: row.snippet,
      score: Number((-row.score).toPrecision(6)),
    })),
    nextCursor,
  };
}
