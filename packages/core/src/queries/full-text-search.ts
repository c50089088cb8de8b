import type { FicDatabase } from '../db/open-database.js';
import type { ListedConversationRow } from './conversation-record.js';
import type { ConversationFilters, SearchOrder } from './query-types.js';
import { budgetCheck } from './search-budget.js';
import { PAGE_COLUMNS, probeThreshold, recencyRows } from './search-recency-page.js';
import type { PageRow, RecencyPlan } from './search-recency-page.js';
import { all, one, schemaHas } from './statement-cache.js';

/**
 * The SQLite-specific full-text SQL, kept in one place: FTS5 MATCH, bm25() and snippet() over
 * `conversations_fts` (rowid = conversations.row_id; columns subject, body). Another database would
 * replace this file.
 *
 * Every statement here runs inside withinBudget (search-budget.ts): the passes whose length grows with
 * the data check the search's time budget as they go.
 */

/**
 * Above this many matching conversations, hits are ordered by recency instead of relevance: bm25 for
 * every match would not fit the latency budget (about 1 µs per match), and words that common say
 * little about relevance.
 */
export const MAX_RANKED_MATCHES = 5000;

export interface FullTextSearch {
  /** A safe MATCH expression (search-match-plan.ts). */
  expression: string;
  /**
   * Matches the conversations holding every term of the query: in relevance order they come first.
   * Undefined when every match does.
   */
  allTermsExpression: string | undefined;
  /** The expression has a prefix term (`"word"*`): see pageDetails. */
  prefix: boolean;
  order: SearchOrder;
  /** Extra conditions on `conversations c`, ANDed, with their parameters. */
  conditions: string[];
  params: unknown[];
  /**
   * Continue after this sort key: [all_terms, score, updated_at, row_id] for relevance, [updated_at,
   * row_id] for recency.
   */
  after: number[] | undefined;
  /** Hits per page. */
  limit: number;
  /**
   * How a recency page is found (search-recency-page.ts); default: by the number of matches
   * (recencyPlanFor). Tests compare the plans.
   */
  recencyPlan?: RecencyPlan;
  /** Rows the probe plan walks before the set plan goes on. Default RECENCY_WALK_ROWS. */
  recencyWalkRows?: number;
  /** About how many conversations match, at most (SearchMatchPlan.matchDocuments). */
  matchDocuments: number | undefined;
  /** The filters `conditions` were built from, as given (the customer plan walks with them). */
  filterInput?: ConversationFilters;
}

export interface FullTextHit extends ListedConversationRow {
  row_id: number;
  /** bm25, lower is better; null in recency order (pageDetails says why). */
  score: number | null;
  /** 1 when the conversation holds every term of the query (relevance order only; else 1). */
  all_terms: number;
  snippet: string;
}

export interface FullTextPage {
  hits: FullTextHit[];
  /** More hits follow the page. */
  more: boolean;
}

/** Subject matches weigh twice body matches. */
const SCORE = 'bm25(conversations_fts, 2.0, 1.0)';
/** Column -1: FTS5 picks the column that matches best; 16 tokens around the match. */
const SNIPPET = `snippet(conversations_fts, -1, '**', '**', '…', 16)`;

/**
 * Conversations matching, before any filter, counted up to `cap` (one pass over the index's document
 * lists that stops there: a very common word need not be counted to the end).
 */
export function countMatches(database: FicDatabase, expression: string, cap: number): number {
  return (
    one<{ n: number }>(
      database,
      `SELECT count(*) AS n
         FROM (SELECT 1 FROM conversations_fts
                WHERE conversations_fts MATCH ? AND ${budgetCheck('rowid')} LIMIT ?)`,
      [expression, cap],
    )?.n ?? 0
  );
}

/**
 * Conversations matching `expression` that pass the filters, counted up to `cap` among the first
 * `scan` matches: the matches drive the join, as in rankedPage, and restrictive filters would otherwise
 * have it read every match (~1 µs each). `complete` is false when the scan stopped first (the count is
 * then a floor).
 */
export function countFilteredMatches(
  database: FicDatabase,
  expression: string,
  filters: { conditions: string[]; params: unknown[] },
  limits: { cap: number; scan: number },
): { count: number; complete: boolean } {
  const count =
    one<{ n: number }>(
      database,
      `SELECT count(*) AS n
         FROM (SELECT 1
                 FROM (SELECT rowid AS row_id FROM conversations_fts
                        WHERE conversations_fts MATCH ? AND ${budgetCheck('rowid')} LIMIT ?) m
                CROSS JOIN conversations c ON c.row_id = m.row_id
                ${where(filters.conditions)}
                LIMIT ?)`,
      [expression, limits.scan, ...filters.params, limits.cap],
    )?.n ?? 0;
  // Under the cap: complete unless the scan read `scan` matches and more exist (a cheap count).
  const complete =
    count >= limits.cap ||
    filters.conditions.length === 0 ||
    countMatches(database, expression, limits.scan + 1) <= limits.scan;
  return { count, complete };
}

export function fullTextSearch(database: FicDatabase, search: FullTextSearch): FullTextPage {
  // One row past the page tells whether another page follows; it needs no snippet.
  const wanted = search.limit + 1;
  const rows: PageRow[] =
    search.order === 'recency'
      ? recencyRows(
          database,
          {
            ...search,
            plan: search.recencyPlan ?? recencyPlanFor(database, search, wanted),
            walkRows: search.recencyWalkRows,
          },
          wanted,
        )
      : [];
  for (const page of search.order === 'recency' ? [] : pagesOf(search)) {
    rows.push(
      ...all<PageRow>(
        database,
        `SELECT p.*, ct.email AS customer_email, ct.name AS customer_name
           FROM (${page.sql}) p LEFT JOIN contacts ct ON ct.id = p.contact_id
          ORDER BY ${search.order === 'relevance' ? 'p.all_terms DESC, p.score, ' : ''}p.updated_at DESC, p.row_id DESC`,
        [...page.params, wanted - rows.length],
      ),
    );
    if (rows.length >= wanted) break;
  }
  const more = rows.length > search.limit;
  const pageRows = rows.slice(0, search.limit);
  const details = pageDetails(database, search, pageRows);
  return {
    hits: pageRows.map((row) => {
      const detail = details.get(row.row_id);
      return {
        ...row,
        score: row.score ?? null,
        all_terms: row.all_terms ?? 1,
        snippet: detail?.snippet ?? '',
      };
    }),
    more,
  };
}

/**
 * Probing row by row pays only when the matches outnumber probeThreshold (search-recency-page.ts), as
 * the vocabulary estimates them: counting them would cost what the set does (~380 ns a match for
 * `(a) AND (a OR b)`). A prefix term is never probed: FTS5 would expand it per probe.
 */
function recencyPlanFor(database: FicDatabase, search: FullTextSearch, wanted: number): RecencyPlan {
  // A customer's conversations are few: walking them beats any plan over the workspace's matches.
  if (
    (search.filterInput?.customerEmail?.trim() ?? '') !== '' &&
    schemaHas(database, 'index', 'conversation_contacts_recent')
  )
    return 'customer';
  if (search.prefix || search.matchDocuments === undefined) return 'set';
  // The largest row_id stands for the number of conversations (deletions leave it a little over).
  const conversations =
    one<{ n: number | null }>(database, 'SELECT max(row_id) AS n FROM conversations')?.n ?? 0;
  return search.matchDocuments >= probeThreshold(conversations, wanted) ? 'probe' : 'set';
}

/**
 * Snippets of the page's rows alone, as the expression decides, because FTS5 re-evaluates the whole
 * expression for each cursor it opens:
 * - a prefix term is expanded to the merged document list of every matching word on each open, so
 *   one pass over the matches keeps only the page's rowids (`+rowid` keeps the IN list a filter
 *   rather than a lookup per rowid; `rowid BETWEEN` the page's lowest and highest reads only that
 *   range of the document lists);
 * - otherwise each page rowid's snippet is looked up alone: at 1,000,000 conversations 0.7 ms for 11
 *   rows of `email` (a pass: 23 ms), 2.6 ms for `"to the"` (a pass: 500 ms).
 * A recency page carries no scores: bm25 counts each phrase's documents over every match, once per
 * cursor, whatever rows are asked for (450 ms for `"to the"` at 1,000,000 conversations, past the
 * search's time budget; skipping it took the scaling bench's search p95 there from 204 to 99 ms on a
 * busy machine). Recency order is chosen because there are too many matches to rank, so the order is
 * not the score's anyway.
 */
function pageDetails(
  database: FicDatabase,
  search: FullTextSearch,
  rows: PageRow[],
): Map<number, { snippet: string }> {
  if (rows.length === 0) return new Map();
  const ids = rows.map((row) => row.row_id);
  if (search.prefix) {
    const found = all<{ row_id: number; snippet: string }>(
      database,
      `SELECT rowid AS row_id, ${SNIPPET} AS snippet
         FROM conversations_fts
        WHERE conversations_fts MATCH ? AND rowid BETWEEN ? AND ?
          AND +rowid IN (SELECT value FROM json_each(?)) AND ${budgetCheck('rowid')}`,
      [search.expression, Math.min(...ids), Math.max(...ids), JSON.stringify(ids)],
    );
    return new Map(found.map((row) => [row.row_id, row]));
  }
  const snippets = all<{ row_id: number; snippet: string }>(
    database,
    `SELECT h.value AS row_id, ${SNIPPET} AS snippet
       FROM json_each(?) h
      CROSS JOIN conversations_fts ON conversations_fts.rowid = h.value AND conversations_fts MATCH ?`,
    [JSON.stringify(ids), search.expression],
  );
  return new Map(snippets.map((row) => [row.row_id, row]));
}

/**
 * The statements that make a page, in order, each asked for the rows still missing. Relevance order
 * with an all-terms expression takes two: the conversations holding every term, then the others, so
 * bm25 (the costly part, per row and phrase) runs for the second set only when the first does not fill
 * the page.
 */
function pagesOf(search: FullTextSearch): { sql: string; params: unknown[] }[] {
  if (search.allTermsExpression === undefined) return [rankedPage(search, 'any')];
  const tier = search.after?.[0];
  return tier === 0 ? [rankedPage(search, 'some')] : [rankedPage(search, 'all'), rankedPage(search, 'some')];
}

/**
 * The matches drive the join (CROSS JOIN pins that order): filters are checked per match through the
 * conversations primary key, and bm25 runs only for matches that pass. `tier` keeps the conversations
 * holding every term ('all') or the others ('some'): the set of them is built once (the IN subquery
 * is not correlated; `+rowid` keeps it a filter, not a lookup per rowid) and is small, an intersection
 * of the terms' document lists.
 */
function rankedPage(
  search: FullTextSearch,
  tier: 'any' | 'all' | 'some',
): { sql: string; params: unknown[] } {
  const conditions = [...search.conditions];
  const inTier =
    tier === 'any'
      ? ''
      : `AND +rowid ${tier === 'all' ? 'IN' : 'NOT IN'} (SELECT rowid FROM conversations_fts
                     WHERE conversations_fts MATCH ? AND ${budgetCheck('rowid')})`;
  const params: unknown[] = [
    search.expression,
    ...(tier === 'any' ? [] : [search.allTermsExpression]),
    ...search.params,
  ];
  const allTerms = tier === 'some' ? 0 : 1;
  if (search.after !== undefined && search.after[0] === allTerms) {
    const [, score, updatedAt, rowId] = search.after;
    conditions.push(
      `(m.score > ? OR (m.score = ? AND (c.updated_at < ? OR (c.updated_at = ? AND c.row_id < ?))))`,
    );
    params.push(score, score, updatedAt, updatedAt, rowId);
  }
  return {
    sql: `SELECT ${PAGE_COLUMNS}, m.score, ${allTerms} AS all_terms
            FROM (SELECT rowid AS row_id, ${SCORE} AS score
                    FROM conversations_fts
                   WHERE conversations_fts MATCH ? ${inTier} AND ${budgetCheck('rowid')}) m
           CROSS JOIN conversations c ON c.row_id = m.row_id
           ${where(conditions)}
           ORDER BY m.score, c.updated_at DESC, c.row_id DESC
           LIMIT ?`,
    params,
  };
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
