import type { SearchMatchPlan } from './search-match-plan.js';
import { clauseText } from './search-query.js';
import type { SearchQuery } from './search-query.js';
import type { SearchOrder } from './query-types.js';

/**
 * One or two sentences saying what the search did with the words: which it looked for, which it
 * ignored, whether it widened to conversations holding only some of them and how many hold them all.
 * A caller (a model especially) reads this to decide whether to rephrase.
 */
export function describeSearch(facts: {
  query: SearchQuery;
  plan: SearchMatchPlan;
  order: SearchOrder;
  allTermsMatches: number | null;
  /** False when the count stopped before reading every conversation holding all the terms. */
  allTermsComplete?: boolean;
  cap: number;
}): string {
  const { query, plan, order, allTermsMatches, cap } = facts;
  const complete = facts.allTermsComplete ?? true;
  const clauses = query.clauses.map(clauseText);
  const sentences: string[] = [];
  if (plan.allTermsExpression === undefined) {
    sentences.push(`Every hit holds ${clauses.join(' and ')}.`);
  } else {
    const holding =
      allTermsMatches === null
        ? ''
        : !complete
          ? ` At least ${allTermsMatches} pass the filters and hold all of them (the count stopped early).`
          : allTermsMatches === 0
            ? ' None holds all of them.'
            : ` ${allTermsMatches >= cap ? `${cap}+` : allTermsMatches} hold all of them${order === 'relevance' ? ' and come first' : ''}.`;
    sentences.push(
      `Widened: hits hold any of ${clauses.join(', ')}, those with more of the words (and rarer ones) first.${holding}`,
    );
  }
  if (plan.rankedOnly.length > 0) {
    sentences.push(`Too common to widen the search, used for ranking only: ${plan.rankedOnly.join(', ')}.`);
  }
  if (query.excluded.length > 0) {
    sentences.push(`Excluded: ${query.excluded.map((term) => term.text).join(', ')}.`);
  }
  if (query.ignoredWords.length > 0) {
    sentences.push(`Ignored common words: ${[...new Set(query.ignoredWords)].join(', ')}.`);
  }
  if (order === 'recency') {
    sentences.push('Too many matches to rank: newest activity first; add words or filters for relevance.');
  }
  return sentences.join(' ');
}
