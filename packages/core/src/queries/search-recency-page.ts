import type { FicDatabase } from '../db/open-database.js';
import type { ListedConversationRow } from './conversation-record.js';
import { encodeCursor } from './query-cursor.js';
import type { ConversationFilters } from './query-types.js';
import { recentConversationsSql } from './recent-conversations-sql.js';
import { budgetCheck } from './search-budget.js';
import { all, indexHint, one } from './statement-cache.js';

/**
 * The recency-ordered page of a full-text search (more than MAX_RANKED_MATCHES matches, or a recency
 * cursor): the newest conversations, by (updated_at DESC, row_id DESC), that match and pass the
 * filters. With a customer filter, the customer plan (customerRows); else two plans, both walking conversations along conversations_recent, whose (updated_at, rowid)
 * entries read backwards are exactly that order (row_id is the rowid), so nothing is sorted:
 *
 * - 'probe' walks the index alone, fetches each row for the filters and asks FTS5 whether that one row
 *   matches (a correlated MATCH with `rowid =`, which FTS5 takes as a rowid-equality cursor: EXPLAIN
 *   shows `VIRTUAL TABLE INDEX 0:=M`). Its cost is the rows walked, not the matches: for a common term
 *   the page fills after about limit / selectivity probes. But a probe is dear, because each cursor
 *   opens an iterator per index segment: 19-70 µs at 100,000 conversations as the bench writes them
 *   (16 segments), 3-10 µs after `optimize` (1 segment).
 * - 'set' builds the set of every matching rowid once (O(matches): ~30 ns an entry for a word, more
 *   for a phrase, which checks positions) and walks until the page is full, checking the set from the
 *   index before fetching a row.
 *
 * So fullTextSearch (full-text-search.ts) probes only when the matches are so many that the set would
 * cost more: matches * c_set > (limit / selectivity) * c_probe, i.e. matches > sqrt(K * limit * N) with
 * K = c_probe / c_set ~ 1,000 (probeThreshold). Either plan then costs O(sqrt(limit * N)) rather than
 * O(matches): ~3 ms at 1,000,000 conversations. The probe walk is cut at `walkRows` rows (a common term
 * under restrictive filters), and the set plan goes on from the last row walked. Prefix terms always
 * take the set: FTS5 merges a prefix's word lists on every cursor it opens (170 ms for 2,000 probes of
 * `erro*` at 100,000 against 3 ms for the set, whose size the prefix cap bounds).
 *
 * At 1,000,000 conversations (the scaling bench's copies, a busy machine) the probe page of `email`
 * or `"to the"` takes 8-10 ms (a recency page has no bm25 scores: full-text-search.ts, pageDetails).
 */
export type RecencyPlan = 'probe' | 'set' | 'customer';

/** Rows the probe plan walks before the set plan goes on: at most ~30 ms of probes (above). */
export const RECENCY_WALK_ROWS = 1000;

/** c_probe / c_set, measured at 100,000 conversations (16 segments): see RecencyPlan. */
const PROBE_COST_RATIO = 1000;

/** Matches above which probing beats building the set, for a page of `wanted` among `conversations`. */
export function probeThreshold(conversations: number, wanted: number): number {
  return Math.ceil(Math.sqrt(PROBE_COST_RATIO * wanted * conversations));
}

export interface RecencySearch {
  expression: string;
  /** The search's filters as given: the customer plan walks the list fic recent would. */
  filterInput?: ConversationFilters;
  conditions: string[];
  params: unknown[];
  /** Continue after this [updated_at, row_id]. */
  after: number[] | undefined;
  plan: RecencyPlan;
  /** Rows the probe plan walks before the set plan goes on. Default RECENCY_WALK_ROWS. */
  walkRows?: number;
}

export type PageRow = ListedConversationRow & {
  row_id: number;
  score?: number;
  all_terms?: number;
};

/** A listed row's customer, joined for the page's rows alone. */
const CUSTOMER = 'LEFT JOIN contacts ct ON ct.id = c.contact_id';
const CUSTOMER_COLUMNS = 'ct.email AS customer_email, ct.name AS customer_name';

export const PAGE_COLUMNS =
  'c.row_id, c.id, c.title, c.source_subject, c.state, c.created_at, c.updated_at, c.contact_id';

/** The first `wanted` rows of the recency page, newest first. */
export function recencyRows(database: FicDatabase, search: RecencySearch, wanted: number): PageRow[] {
  if (search.plan === 'set') return setRows(database, search, wanted);
  if (search.plan === 'customer') return customerRows(database, search, wanted);
  const walkRows = search.walkRows ?? RECENCY_WALK_ROWS;
  const walk = recentWalk(database, search.after);
  const probe = probeStatement(database, search, walkRows, wanted);
  const probed = all<PageRow>(database, probe.sql, probe.params);
  if (probed.length >= wanted) return probed;
  // Short of the page: either the walk ended (the page is complete) or it was cut at `walkRows` rows,
  // and the set plan goes on after the last row walked.
  const last = one<{ updated_at: number; row_id: number }>(database, `${walk.sql} LIMIT 1 OFFSET ?`, [
    ...walk.params,
    walkRows - 1,
  ]);
  if (last === undefined) return probed;
  return [
    ...probed,
    ...setRows(database, { ...search, after: [last.updated_at, last.row_id] }, wanted - probed.length),
  ];
}

/**
 * The probe plan's statement. The walk reads the index alone (it holds updated_at and the rowid); each
 * row is then fetched for the filters, and probed only if it passes them.
 */
export function probeStatement(
  database: FicDatabase,
  search: RecencySearch,
  walkRows: number,
  wanted: number,
): { sql: string; params: unknown[] } {
  const walk = recentWalk(database, search.after);
  return {
    sql: `SELECT ${PAGE_COLUMNS}, ${CUSTOMER_COLUMNS}
            FROM (${walk.sql} LIMIT ?) w
           CROSS JOIN conversations c ON c.row_id = w.row_id
           ${CUSTOMER}
           WHERE ${[...search.conditions, PROBE].join(' AND ')}
           LIMIT ?`,
    params: [...walk.params, walkRows, ...search.params, search.expression, wanted],
  };
}

/**
 * The customer plan: the customer's conversations newest first, walked as `fic recent --customer` walks
 * them (their link index, migration 0011) with every other filter, each probed as it comes. A common
 * word under a customer filter otherwise walks the whole workspace's recent index or builds the set of
 * its matches (at 1,000,000 conversations some reached the 200 ms budget); here the walk is bounded by
 * the customer's conversations, and stops at the page.
 */
function customerRows(database: FicDatabase, search: RecencySearch, wanted: number): PageRow[] {
  const statement = recentConversationsSql(
    database,
    {
      ...search.filterInput,
      cursor: search.after === undefined ? undefined : encodeCursor(search.after),
      limit: wanted - 1,
    },
    { sql: `${PROBE} AND ${budgetCheck('c.row_id')}`, params: [search.expression] },
  );
  return all<PageRow>(database, statement.sql, statement.params);
}

/** Whether FTS5 matches this one row: a rowid-equality cursor (`INDEX 0:=M` in EXPLAIN). */
const PROBE = `EXISTS (SELECT 1 FROM conversations_fts f
                WHERE f.conversations_fts MATCH ? AND f.rowid = c.row_id)`;

/** Every conversation newest first, after `after`, from conversations_recent alone. */
function recentWalk(database: FicDatabase, after: number[] | undefined): { sql: string; params: unknown[] } {
  const conditions = [budgetCheck('r.row_id')];
  const params: unknown[] = [];
  if (after !== undefined) {
    // A row value, so the walk starts at the cursor's place in the index.
    conditions.push('(r.updated_at, r.row_id) < (?, ?)');
    params.push(after[0], after[1]);
  }
  return {
    sql: `SELECT r.updated_at, r.row_id
            FROM conversations r ${indexHint(database, 'conversations_recent')}
           WHERE ${conditions.join(' AND ')}
           ORDER BY r.updated_at DESC, r.row_id DESC`,
    params,
  };
}

/** The set plan: the matching rowids built once, the walk keeping the rows in the set. */
function setRows(database: FicDatabase, search: RecencySearch, wanted: number): PageRow[] {
  const conditions = [
    `c.row_id IN (SELECT rowid FROM conversations_fts
                   WHERE conversations_fts MATCH ? AND ${budgetCheck('rowid')})`,
    budgetCheck('c.row_id'),
    ...search.conditions,
  ];
  const params: unknown[] = [search.expression, ...search.params];
  if (search.after !== undefined) {
    conditions.push('(c.updated_at, c.row_id) < (?, ?)');
    params.push(search.after[0], search.after[1]);
  }
  return all<PageRow>(
    database,
    `SELECT ${PAGE_COLUMNS}, ${CUSTOMER_COLUMNS}
       FROM conversations c ${indexHint(database, 'conversations_recent')}
      ${CUSTOMER}
      WHERE ${conditions.join(' AND ')}
      ORDER BY c.updated_at DESC, c.row_id DESC
      LIMIT ?`,
    [...params, wanted],
  );
}
