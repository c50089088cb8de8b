import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { buildConversationFilters } from './conversation-filters.js';
import type { FilterSql } from './conversation-filters.js';
import { listedConversation } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import type { FtsTerm } from './fts-query.js';
import {
  countFilteredMatches,
  countMatches,
  fullTextSearch,
  MAX_RANKED_MATCHES,
} from './full-text-search.js';
import { getRecentConversations } from './get-recent-conversations.js';
import { MAX_PREFIX_DOCUMENTS, prefixSize } from './prefix-expansion.js';
import type { PrefixSize } from './prefix-expansion.js';
import { decodeCursor, encodeCursor } from './query-cursor.js';
import { parseLimit } from './query-input.js';
import type { SearchConversationsInput, SearchConversationsResult, SearchOrder } from './query-types.js';
import { BudgetExceeded, SearchBudget, SEARCH_TIME_BUDGET_MS, withinBudget } from './search-budget.js';
import { CANDIDATE_DOCUMENTS, planSearchMatch } from './search-match-plan.js';
import type { SearchMatchPlan } from './search-match-plan.js';
import type { RecencyPlan } from './search-recency-page.js';
import { parseConjunctiveQuery, parseSearchQuery } from './search-query.js';
import type { SearchQuery } from './search-query.js';
import { describeSearch } from './search-note.js';

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 50;
/** Conversations holding every term are counted up to this many for the answer. */
export const ALL_TERMS_COUNT_CAP = 1000;
/**
 * ... among at most this many conversations holding every term (before filters): with restrictive
 * filters the count would otherwise read all of them, ~1 µs each (a common pair at a million
 * conversations: hundreds of thousands). Past it the answer says "at least".
 */
export const ALL_TERMS_COUNT_SCAN = 5000;

export interface SearchOptions {
  /** Rank by relevance up to this many matches, else order by recency. Default MAX_RANKED_MATCHES. */
  maxRankedMatches?: number;
  /** Milliseconds the search may take before it stops with 'invalid_input'. Default SEARCH_TIME_BUDGET_MS. */
  timeBudgetMs?: number;
  /** The budget's clock, in milliseconds. Default performance.now. */
  clock?: () => number;
  /** Most document-list entries a query's prefix terms may stand for. Default MAX_PREFIX_DOCUMENTS. */
  maxPrefixDocuments?: number;
  /**
   * 'ranked' (default): words ORed and ranked. 'conjunctive': every word required, stopwords and
   * operators taken as words, as search was before issue 13 (the relevance benchmark's baseline).
   */
  matching?: 'ranked' | 'conjunctive';
  /**
   * How a recency-ordered page is found (search-recency-page.ts): probing the newest conversations one
   * by one, or building the set of matches. Default: chosen by the number of matches; tests force one.
   */
  recencyPlan?: RecencyPlan;
  /** Rows the probe plan walks before the set plan goes on. Default RECENCY_WALK_ROWS. */
  recencyWalkRows?: number;
  /** Conversations holding every term the all-terms count reads at most. Default ALL_TERMS_COUNT_SCAN. */
  allTermsCountScan?: number;
  /** Told how many budget checks the search made (one a 64 rows examined, one a statement). */
  onWork?: (work: { budgetChecks: number }) => void;
}

/**
 * Full-text search over subjects and every message body. The query's words are matched with OR and
 * ranked (search-query.ts, search-match-plan.ts): conversations holding every word first, then by
 * bm25 (more of the words, rarer words, subject weighted 2x), more recent activity first among
 * equals, with a snippet per hit marking the words it holds. When more than MAX_RANKED_MATCHES
 * conversations match, hits come newest activity first instead (`order: 'recency'`). Without a query,
 * the filters alone choose, newest first.
 *
 * Hostile queries are bounded: a prefix needs 3 characters, a query's prefixes may stand for at most
 * MAX_PREFIX_DOCUMENTS entries of the index (checked in its vocabulary before the query runs), and the
 * search stops after SEARCH_TIME_BUDGET_MS (search-budget.ts). Each is an 'invalid_input' error naming
 * the term to change.
 */
export function searchConversations(
  database: FicDatabase,
  input: SearchConversationsInput,
  options: SearchOptions = {},
): SearchConversationsResult {
  const limit = parseLimit(input.limit, 'limit', SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT);
  const filters = buildConversationFilters(database, input);
  if (input.query === undefined || input.query === null || input.query.trim() === '') {
    return newestMatching(database, input, limit, filters);
  }
  const query =
    options.matching === 'conjunctive' ? parseConjunctiveQuery(input.query) : parseSearchQuery(input.query);
  // A cursor keeps the order its first page had, even if the number of matches has since changed.
  const cursor = decodeCursor(input.cursor, [4, 2]);
  const maxRanked = options.maxRankedMatches ?? MAX_RANKED_MATCHES;
  const budgetMs = options.timeBudgetMs ?? SEARCH_TIME_BUDGET_MS;
  const budget = new SearchBudget({ ms: budgetMs, clock: options.clock });

  let found: ReturnType<typeof fullTextSearch>;
  let order: SearchOrder;
  let plan: SearchMatchPlan;
  let allTermsMatches: number | null;
  let allTermsComplete: boolean;
  try {
    ({ found, order, plan, allTermsMatches, allTermsComplete } = withinBudget(database, budget, () => {
      refuseBroadPrefixes(database, query, options.maxPrefixDocuments ?? MAX_PREFIX_DOCUMENTS, budget);
      const planned = planSearchMatch(database, query, budget, Math.min(maxRanked, CANDIDATE_DOCUMENTS));
      // Counted first: when no conversation holds every term, the page need not sort them first.
      const holdingAll =
        planned.allTermsExpression === undefined
          ? null
          : countFilteredMatches(database, planned.allTermsExpression, filters, {
              cap: ALL_TERMS_COUNT_CAP,
              scan: options.allTermsCountScan ?? ALL_TERMS_COUNT_SCAN,
            });
      const chosen: SearchOrder =
        cursor !== undefined
          ? cursor.length === 4
            ? 'relevance'
            : 'recency'
          : countMatches(database, planned.expression, maxRanked + 1) > maxRanked
            ? 'recency'
            : 'relevance';
      budget.check();
      const page = fullTextSearch(database, {
        expression: planned.expression,
        // None found, and none left unread: the page need not sort them first.
        allTermsExpression:
          holdingAll?.count === 0 && holdingAll.complete ? undefined : planned.allTermsExpression,
        prefix: query.prefix,
        order: chosen,
        conditions: filters.conditions,
        params: filters.params,
        after: cursor,
        limit,
        recencyPlan: options.recencyPlan,
        recencyWalkRows: options.recencyWalkRows,
        matchDocuments: planned.matchDocuments,
        filterInput: input,
      });
      return {
        found: page,
        order: chosen,
        plan: planned,
        allTermsMatches: holdingAll?.count ?? null,
        allTermsComplete: holdingAll?.complete ?? true,
      };
    }));
  } catch (error) {
    if (error instanceof BudgetExceeded) throw tooSlow(database, query, budgetMs);
    throw error;
  } finally {
    options.onWork?.({ budgetChecks: budget.checks });
  }
  const { hits, more } = found;
  if (hits.length === 0 && cursor === undefined) assertNotEmpty(database);

  const last = hits.at(-1);
  const nextCursor =
    more && last !== undefined
      ? encodeCursor(
          order === 'relevance'
            ? // Relevance pages are ranked, so their rows all have a score.
              [last.all_terms, last.score ?? 0, last.updated_at, last.row_id]
            : [last.updated_at, last.row_id],
        )
      : null;
  const widened = plan.allTermsExpression !== undefined;
  return {
    matchExpression: plan.expression,
    order,
    widened,
    allTermsMatches,
    ignoredWords: query.ignoredWords,
    rankedOnly: plan.rankedOnly,
    note: describeSearch({
      query,
      plan,
      order,
      allTermsMatches,
      allTermsComplete,
      cap: ALL_TERMS_COUNT_CAP,
    }),
    hits: hits.map((row) => ({
      ...listedConversation(row),
      snippet: row.snippet,
      score: row.score === null ? null : Number((-row.score).toPrecision(6)),
      allTerms: widened ? (allTermsMatches !== 0 || !allTermsComplete) && row.all_terms === 1 : true,
    })),
    nextCursor,
  };
}

/** Without a query: the newest conversations the filters keep (at least one filter is needed). */
function newestMatching(
  database: FicDatabase,
  input: SearchConversationsInput,
  limit: number,
  filters: FilterSql,
): SearchConversationsResult {
  if (filters.conditions.length === 0) {
    throw new FicError(
      'invalid_input',
      'Give a query (words to find), or at least one filter (state, since, until, customer email, ' +
        'admin or team assignee, tag) to list the newest conversations that match it',
      { details: { field: 'query' } },
    );
  }
  const { limit: _limit, cursor, query: _query, ...rest } = input;
  const recent = getRecentConversations(database, { ...rest, limit, cursor });
  return {
    matchExpression: '',
    order: 'recency',
    widened: false,
    allTermsMatches: null,
    ignoredWords: [],
    rankedOnly: [],
    note: 'No query: the newest conversations (by last activity) that match the filters.',
    hits: recent.conversations.map((conversation) => ({
      id: conversation.id,
      subject: conversation.subject,
      state: conversation.state,
      snippet: '',
      customerEmail: conversation.customerEmail,
      customerName: conversation.customerName,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      score: null,
      allTerms: true,
    })),
    nextCursor: recent.nextCursor,
  };
}

function termsOf(query: SearchQuery): FtsTerm[] {
  return [...query.clauses.flatMap((clause) => clause.alternatives), ...query.excluded];
}

/** Refuses the query when its prefix terms would have FTS5 merge more than `cap` entries. */
function refuseBroadPrefixes(
  database: FicDatabase,
  query: SearchQuery,
  cap: number,
  budget: SearchBudget,
): void {
  const prefixes = termsOf(query).filter((term) => term.prefix);
  let total = 0;
  let broadest: { term: FtsTerm; size: PrefixSize } | undefined;
  for (const term of prefixes) {
    const size = prefixSize(database, term.words.at(-1)!, cap - total, budget);
    total += size.documents;
    if (broadest === undefined || size.documents > broadest.size.documents) broadest = { term, size };
    if (total <= cap) continue;
    const count = (n: number): string => n.toLocaleString('en-US');
    const { term: costly, size: costlySize } = broadest;
    const most = `at most ${count(cap)}`;
    const message =
      prefixes.length === 1
        ? `${costly.text} is too broad a prefix here: it stands for ${count(costlySize.words)} or more indexed words, ` +
          `${count(costlySize.documents)} or more places in the index (${most})`
        : `The prefixes ${prefixes.map((item) => item.text).join(' ')} together stand for ${count(total)} or more ` +
          `places in the index (${most}); the broadest is ${costly.text} with ${count(costlySize.documents)}`;
    throw new FicError(
      'invalid_input',
      `${message}: give ${costly.text} more letters, or search for the whole word`,
      { details: { field: 'query', term: costly.text } },
    );
  }
}

/** Terms are ranked by how many conversations they match, counted up to this. */
const COST_SAMPLE = 10_000;

/**
 * The error for a search past its budget, naming the term that matches the most conversations (the
 * one whose lists the search walked longest). Counting is cheap next to the search: one capped pass a
 * term.
 */
function tooSlow(database: FicDatabase, query: SearchQuery, budgetMs: number): FicError {
  const terms = termsOf(query);
  const costs = terms.map((term) => ({
    term,
    matches: withinBudget(database, new SearchBudget({ ms: Number.POSITIVE_INFINITY }), () =>
      countMatches(database, term.expression, COST_SAMPLE),
    ),
  }));
  const costly = costs.reduce((best, item) => (item.matches > best.matches ? item : best), costs[0]!);
  const many =
    costly.matches >= COST_SAMPLE ? `${COST_SAMPLE.toLocaleString('en-US')}+` : `${costly.matches}`;
  return new FicError(
    'invalid_input',
    `The search took longer than its ${budgetMs} ms budget and was stopped: ${costly.term.text} matches ${many} ` +
      'conversations; use rarer words, a "quoted phrase", or filters (since, state, customer, tag)',
    { details: { field: 'query', term: costly.term.text, budgetMs } },
  );
}
