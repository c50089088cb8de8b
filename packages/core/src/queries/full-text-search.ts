import type { FicDatabase } from '../db/open-database.js';
import type { ListedConversationRow } from './conversation-record.js';
import type { SearchOrder } from './query-types.js';
import { all, one } from './statement-cache.js';

/**
 * The SQLite-specific full-text SQL, kept in one place: FTS5 MATCH, bm25() and snippet() over
 * `conversations_fts` (rowid = conversations.row_id; columns subject, body). Another database would
 * replace this file.
 */

/**
 * Above this many matching conversations, hits are ordered by recency instead of relevance: bm25 for
 * every match would not fit the latency budget (about 1 µs per match), and words that common say
 * little about relevance.
 */
export const MAX_RANKED_MATCHES = 5000;

export interface FullTextSearch {
  /** A safe MATCH expression from buildFtsQuery. */
  expression: string;
  order: SearchOrder;
  /** Extra conditions on `conversations c`, ANDed, with their parameters. */
  conditions: string[];
  params: unknown[];
  /** Continue after this sort key: [score, updated_at, row_id] for relevance, [updated_at, row_id] for recency. */
  after: number[] | undefined;
  limit: number;
}

export interface FullTextHit extends ListedConversationRow {
  row_id: number;
  /** bm25: lower is better. */
  score: number;
  snippet: string;
}

/** Subject matches weigh twice body matches. */
const SCORE = 'bm25(conversations_fts, 2.0, 1.0)';
/** Column -1: FTS5 picks the column that matches best; 16 tokens around the match. */
const SNIPPET = `snippet(conversations_fts, -1, '**', '**', '…', 16)`;

/** Conversations matching, before any filter (one pass over the index's document lists). */
export function countMatches(database: FicDatabase, expression: string): number {
  return (
    one<{ n: number }>(
      database,
      'SELECT count(*) AS n FROM conversations_fts WHERE conversations_fts MATCH ?',
      [expression],
    )?.n ?? 0
  );
}

export function fullTextSearch(database: FicDatabase, search: FullTextSearch): FullTextHit[] {
  const page = search.order === 'relevance' ? rankedPage(search) : recentPage(search);
  // Snippets, scores and contacts for the page alone: the page drives (CROSS JOIN), so the index is
  // probed by rowid for each hit, and snippet() reads each document back through the
  // conversation_documents view.
  const sql = `
    SELECT h.row_id, h.id, h.title, h.source_subject, h.state, h.created_at, h.updated_at,
           ${search.order === 'relevance' ? 'h.score' : SCORE} AS score,
           ${SNIPPET} AS snippet, ct.email AS customer_email, ct.name AS customer_name
      FROM (${page.sql}) h
     CROSS JOIN conversations_fts ON conversations_fts.rowid = h.row_id AND conversations_fts MATCH ?
      LEFT JOIN contacts ct ON ct.id = h.contact_id
     ORDER BY ${search.order === 'relevance' ? 'h.score, ' : ''}h.updated_at DESC, h.row_id DESC`;
  return all<FullTextHit>(database, sql, [...page.params, search.expression]);
}

const PAGE_COLUMNS =
  'c.row_id, c.id, c.title, c.source_subject, c.state, c.created_at, c.updated_at, c.contact_id';

/**
 * The matches drive the join (CROSS JOIN pins that order): filters are checked per match through the
 * conversations primary key, and bm25 runs only for matches that pass.
 */
function rankedPage(search: FullTextSearch): { sql: string; params: unknown[] } {
  const conditions = [...search.conditions];
  const params: unknown[] = [search.expression, ...search.params];
  if (search.after !== undefined) {
    const [score, updatedAt, rowId] = search.after;
    conditions.push(
      `(m.score > ? OR (m.score = ? AND (c.updated_at < ? OR (c.updated_at = ? AND c.row_id < ?))))`,
    );
    params.push(score, score, updatedAt, updatedAt, rowId);
  }
  params.push(search.limit);
  return {
    sql: `SELECT ${PAGE_COLUMNS}, m.score
            FROM (SELECT rowid AS row_id, ${SCORE} AS score
                    FROM conversations_fts WHERE conversations_fts MATCH ?) m
           CROSS JOIN conversations c ON c.row_id = m.row_id
           ${where(conditions)}
           ORDER BY m.score, c.updated_at DESC, c.row_id DESC
           LIMIT ?`,
    params,
  };
}

/**
 * Walks conversations newest first along the updated_at index and keeps those in the set of matching
 * rowids (built once from the index), so the cost does not grow with the number of matches.
 */
function recentPage(search: FullTextSearch): { sql: string; params: unknown[] } {
  const conditions = ['c.row_id IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)'];
  const params: unknown[] = [search.expression];
  conditions.push(...search.conditions);
  params.push(...search.params);
  if (search.after !== undefined) {
    const [updatedAt, rowId] = search.after;
    conditions.push('(c.updated_at < ? OR (c.updated_at = ? AND c.row_id < ?))');
    params.push(updatedAt, updatedAt, rowId);
  }
  params.push(search.limit);
  return {
    sql: `SELECT ${PAGE_COLUMNS}
            FROM conversations c INDEXED BY conversations_updated_at
           ${where(conditions)}
           ORDER BY c.updated_at DESC, c.row_id DESC
           LIMIT ?`,
    params,
  };
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
