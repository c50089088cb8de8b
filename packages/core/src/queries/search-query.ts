import { FicError } from '../errors.js';
import { buildConjunctiveFtsQuery, checkTerms, lexQuery, toTerm } from './fts-query.js';
import type { FtsTerm, QueryChunk } from './fts-query.js';
import { STOPWORDS } from './search-stopwords.js';

/**
 * A query as search understands it: clauses to rank on, and terms to exclude.
 *
 * - Words are clauses, each optional: a conversation needs one of them, and ranks higher the more
 *   (and the rarer) it holds (search-match-plan.ts). Stopwords standing alone are dropped
 *   (search-stopwords.ts) and reported, so `how do I get a refund` searches for `refund`.
 * - `a OR b` (upper case) makes one clause of alternatives: either word satisfies it.
 * - `a AND b` (upper case) makes both clauses required: every hit holds them.
 * - `-word`, `-"a phrase"` and `NOT word` exclude: no hit holds them.
 * - "quoted phrases" and `prefix*` are one term each (stopwords inside a phrase are kept).
 * Lower-case or, and, not are stopwords. An operator with nothing to bind to is ignored.
 */
export interface SearchQuery {
  clauses: SearchClause[];
  excluded: FtsTerm[];
  /** Stopwords the query dropped, lower-cased, in order. */
  ignoredWords: string[];
  /** Some term (included or excluded) is a prefix. */
  prefix: boolean;
}

export interface SearchClause {
  /** One term, or several joined by OR. */
  alternatives: FtsTerm[];
  /** Joined to a neighbour by AND: every hit holds the clause. */
  required: boolean;
}

export function parseSearchQuery(text: string): SearchQuery {
  const chunks = lexQuery(text);
  const clauses: SearchClause[] = [];
  const excluded: FtsTerm[] = [];
  const ignoredWords: string[] = [];
  let joinNext = false;
  let requireNext = false;
  let excludeNext = false;
  for (const chunk of chunks) {
    if (chunk.operator === 'OR') {
      joinNext = clauses.length > 0;
      continue;
    }
    if (chunk.operator === 'AND') {
      requireNext = clauses.length > 0;
      continue;
    }
    if (chunk.operator === 'NOT') {
      excludeNext = true;
      continue;
    }
    if (chunk.negated || excludeNext) {
      excluded.push(toTerm(chunk));
      excludeNext = false;
      continue;
    }
    if (isStopword(chunk)) {
      ignoredWords.push(...chunk.words.map((word) => word.toLowerCase()));
      continue;
    }
    const term = toTerm(chunk);
    const previous = clauses.at(-1);
    if (joinNext && previous !== undefined) {
      previous.alternatives.push(term);
      previous.required ||= requireNext;
    } else {
      if (requireNext && previous !== undefined) previous.required = true;
      clauses.push({ alternatives: [term], required: requireNext });
    }
    joinNext = false;
    requireNext = false;
  }
  const terms = [...clauses.flatMap((clause) => clause.alternatives), ...excluded];
  checkTerms(terms);
  if (clauses.length === 0) throw nothingToSearch(chunks, excluded, ignoredWords);
  return { clauses, excluded, ignoredWords, prefix: terms.some((term) => term.prefix) };
}

/**
 * The query as search read it before issue 13, for the relevance benchmark's baseline: every piece
 * a required clause, stopwords and operators included.
 */
export function parseConjunctiveQuery(text: string): SearchQuery {
  const { terms, prefix } = buildConjunctiveFtsQuery(text);
  return {
    clauses: terms.map((term) => ({ alternatives: [term], required: true })),
    excluded: [],
    ignoredWords: [],
    prefix,
  };
}

/** The clause as a MATCH expression: a term, or its alternatives ORed in parentheses. */
export function clauseExpression(clause: SearchClause): string {
  const expressions = clause.alternatives.map((term) => term.expression);
  return expressions.length === 1 ? expressions[0]! : `(${expressions.join(' OR ')})`;
}

/** The clause as a user would write it: `refund`, `refund OR chargeback`. */
export function clauseText(clause: SearchClause): string {
  return clause.alternatives.map((term) => term.text).join(' OR ');
}

function isStopword(chunk: QueryChunk): boolean {
  return !chunk.quoted && !chunk.prefix && chunk.words.every((word) => STOPWORDS.has(word.toLowerCase()));
}

/** Why a query has nothing to search for, as a sentence a user can act on. */
function nothingToSearch(chunks: QueryChunk[], excluded: FtsTerm[], ignoredWords: string[]): FicError {
  const details = { field: 'query' };
  if (chunks.length === 0) {
    return new FicError('invalid_input', 'query must contain at least one word (letters or digits)', {
      details,
    });
  }
  if (excluded.length > 0) {
    return new FicError(
      'invalid_input',
      `The query only excludes (${excluded.map((term) => `-${term.text}`).join(' ')}): add a word to find, ` +
        'or leave the query out and search by filters alone (state, since, customer, tag...)',
      { details },
    );
  }
  if (ignoredWords.length > 0) {
    return new FicError(
      'invalid_input',
      `The query has only common words that search ignores (${[...new Set(ignoredWords)].join(', ')}): ` +
        'add a word that says what the conversations are about, or "quote" the words to find them as a phrase',
      { details },
    );
  }
  return new FicError(
    'invalid_input',
    'The query has only operators (OR, AND, NOT): put words to find around them, like refund OR chargeback',
    { details },
  );
}
