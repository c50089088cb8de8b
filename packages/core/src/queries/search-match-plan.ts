import type { FicDatabase } from '../db/open-database.js';
import type { FtsTerm } from './fts-query.js';
import { MAX_RANKED_MATCHES } from './full-text-search.js';
import { prefixSize, wordDocuments } from './prefix-expansion.js';
import type { SearchBudget } from './search-budget.js';
import { clauseExpression, clauseText } from './search-query.js';
import type { SearchClause, SearchQuery } from './search-query.js';

/**
 * The FTS5 expressions a parsed query becomes.
 *
 * Clauses are ORed and ranked by bm25, which sums, over the clauses a conversation holds, the rarer
 * and the more often the better (so more clauses, rarer clauses first), and the search sorts
 * conversations holding every clause above the others (allTermsExpression). Required clauses
 * (`a AND b`) are ANDed instead; excluded terms are cut with NOT.
 *
 * A question in words people type holds common words too ("account", "working", "reset"): ORed in,
 * each would widen the matches to most of the workspace, past what bm25 can rank within the latency
 * budget (MAX_RANKED_MATCHES), and add only hits that hold nothing else. So the clauses are taken
 * rarest first, by their document counts in the index's vocabulary, while their counts add up to at
 * most `candidateDocuments` (CANDIDATE_DOCUMENTS; the rarest that matches anything always): those
 * decide what matches. The rest still count in
 * the ranking (`(rare1 OR rare2) AND (rare1 OR rare2 OR common)`, which matches what the rare ones
 * match and scores every clause; the rare ones count twice, which only sharpens their lead).
 */
/**
 * Document entries the clauses that decide the matches may add up to (the rarest clause always
 * decides). Measured on the relevance benchmark at 44,310 conversations: 2,000 keeps mean
 * precision@10 where 5,000 has it (0.84) and ranks about half the rows.
 */
export const CANDIDATE_DOCUMENTS = 2000;

export interface SearchMatchPlan {
  /** What the search matches and ranks. */
  expression: string;
  /** Matches the conversations holding every clause; undefined when every match does. */
  allTermsExpression: string | undefined;
  /** Clauses too common to widen the search: they rank hits, they do not add any. */
  rankedOnly: string[];
  /**
   * About how many conversations match, at most, from the vocabulary (the deciding clauses' documents
   * added up; the rarest of required clauses); undefined when the clauses were not sized (ticket search).
   * It chooses the recency plan (search-recency-page.ts) without a pass over the matches.
   */
  matchDocuments: number | undefined;
}

export function planSearchMatch(
  database: FicDatabase,
  query: SearchQuery,
  budget: SearchBudget,
  candidateDocuments: number = CANDIDATE_DOCUMENTS,
): SearchMatchPlan {
  const { clauses } = query;
  const all = clauses.map(clauseExpression);
  const required = clauses.filter((clause) => clause.required);
  let matching: SearchClause[];
  let matchDocuments: number | undefined;
  if (required.length > 0) {
    matching = required;
    matchDocuments = Math.min(...required.map((clause) => clauseDocuments(database, clause, budget)));
  } else if (candidateDocuments === Number.POSITIVE_INFINITY) {
    // Every clause decides (ticket search): no need to size them against this index's vocabulary.
    matching = [...clauses];
  } else {
    const sized = clauses
      .map((clause, index) => ({ clause, index, documents: clauseDocuments(database, clause, budget) }))
      .sort((a, b) => a.documents - b.documents || a.index - b.index);
    let total = 0;
    matching = [];
    for (const item of sized) {
      // Until some clause matches anything, the next one is taken whatever its size.
      if (total > 0 && total + item.documents > candidateDocuments) break;
      total += item.documents;
      matching.push(item.clause);
    }
    matchDocuments = total;
    // Keep the query's order: it reads better in matchExpression.
    matching.sort((a, b) => clauses.indexOf(a) - clauses.indexOf(b));
  }
  const joiner = required.length > 0 ? ' AND ' : ' OR ';
  const matched = matching.map(clauseExpression).join(joiner);
  // A prefix that does not decide the matches is left out of the score: FTS5 would merge its words'
  // lists for every row ranked. It still counts for the all-terms hits.
  const scored = clauses
    .filter((clause) => matching.includes(clause) || !clause.alternatives.some((term) => term.prefix))
    .map(clauseExpression);
  const expression =
    matching.length === scored.length ? matched : `(${matched}) AND (${scored.join(' OR ')})`;
  const allTermsExpression =
    clauses.length > 1 && required.length < clauses.length ? all.join(' AND ') : undefined;
  return {
    expression: withExclusions(expression, query.excluded),
    allTermsExpression:
      allTermsExpression === undefined ? undefined : withExclusions(allTermsExpression, query.excluded),
    rankedOnly: clauses.filter((clause) => !matching.includes(clause)).map(clauseText),
    matchDocuments,
  };
}

function withExclusions(expression: string, excluded: FtsTerm[]): string {
  if (excluded.length === 0) return expression;
  return `(${expression}) NOT (${excluded.map((term) => term.expression).join(' OR ')})`;
}

/**
 * Conversations a clause matches, about: a word's count from the vocabulary, a phrase's rarest word,
 * a prefix's words added up (to a cap: past it the clause is common anyway), alternatives added up.
 */
function clauseDocuments(database: FicDatabase, clause: SearchClause, budget: SearchBudget): number {
  let total = 0;
  for (const term of clause.alternatives) {
    if (term.prefix) {
      const head = term.words.slice(0, -1).map((word) => wordDocuments(database, word));
      const tail = prefixSize(database, term.words.at(-1)!, MAX_RANKED_MATCHES * 4, budget).documents;
      total += Math.min(tail, ...head);
    } else {
      total += Math.min(...term.words.map((word) => wordDocuments(database, word)));
    }
  }
  return total;
}
