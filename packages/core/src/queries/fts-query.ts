import { FicError } from '../errors.js';

/**
 * What a user typed, cut into the pieces both query compilers share, and the original conjunctive
 * compiler (kept as the relevance benchmark's baseline; search-query.ts is what search uses). User text
 * never reaches MATCH raw: it is cut into words (runs of Unicode letters, digits and marks), and each
 * word becomes an FTS5 string, so FTS5's own syntax (NEAR, column filters, parentheses, `^`, quotes) is
 * plain text.
 *
 * - "double quoted text" is an exact phrase: `"refund policy"` -> `"refund policy"`;
 * - a word glued to punctuation stays a phrase of its parts, as the tokenizer indexed it:
 *   `e-mail` -> `"e mail"`, `order#1234` -> `"order 1234"`;
 * - a trailing `*` makes a prefix: `refund*` -> `"refund"*`. The word before it needs at least
 *   MIN_PREFIX_LENGTH characters: FTS5 has no prefix index here, so a prefix is expanded, at every
 *   query, into the merged list of every indexed word it starts (`a*` is most of the index).
 */

export interface FtsQuery {
  /** The MATCH expression. */
  expression: string;
  /** The words searched for, lower-cased, in order (for highlighting or display). */
  words: string[];
  /** Some term is a prefix (`refund*`). */
  prefix: boolean;
  /** The terms the expression ANDs, in order. */
  terms: FtsTerm[];
}

/** One word, phrase or prefix of a query. */
export interface FtsTerm {
  /** As a user would write it: `refund`, `"credit card"`, `refu*`. */
  text: string;
  /** Its MATCH expression on its own. */
  expression: string;
  words: string[];
  prefix: boolean;
}

/** One whitespace-separated piece or quoted phrase of a query. */
export interface QueryChunk {
  words: string[];
  prefix: boolean;
  /** Written in "double quotes". */
  quoted: boolean;
  /** Written with a leading `-` (`-refund`, `-"credit card"`). */
  negated: boolean;
  /** The piece was exactly OR, AND or NOT (upper case). */
  operator: 'OR' | 'AND' | 'NOT' | undefined;
}

export const MAX_QUERY_LENGTH = 1000;
export const MAX_QUERY_TERMS = 32;
/** Characters of the word a `*` follows. */
export const MIN_PREFIX_LENGTH = 3;

const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;
const OPERATORS = new Set(['OR', 'AND', 'NOT']);

/** The query's pieces in order; pieces without a letter or digit are left out. */
export function lexQuery(text: string): QueryChunk[] {
  if (typeof text !== 'string') {
    throw new FicError('invalid_input', 'query must be text', { details: { field: 'query' } });
  }
  if (text.length > MAX_QUERY_LENGTH) {
    throw new FicError('invalid_input', `query is too long: at most ${MAX_QUERY_LENGTH} characters`, {
      details: { field: 'query' },
    });
  }
  const chunks: QueryChunk[] = [];
  // Balanced double quotes delimit phrases; an unbalanced last quote is just a character.
  const parts = text.split('"');
  let negateNext = false;
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1 && index < parts.length - 1;
    if (quoted) {
      const words = wordsOf(part);
      if (words.length > 0)
        chunks.push({ words, prefix: false, quoted, negated: negateNext, operator: undefined });
      negateNext = false;
      return;
    }
    for (const piece of part.split(/\s+/u)) {
      const words = wordsOf(piece);
      if (words.length === 0) continue;
      chunks.push({
        words,
        prefix: /[\p{L}\p{N}\p{Co}\p{M}]\*+$/u.test(piece),
        quoted: false,
        negated: piece.startsWith('-'),
        operator: OPERATORS.has(piece) ? (piece as QueryChunk['operator']) : undefined,
      });
    }
    // `-"credit card"`: the minus ends this unquoted part, glued to the quote that follows.
    negateNext = /(^|\s)-$/u.test(part);
  });
  return chunks;
}

/** A chunk as a term: its display text and its MATCH expression. */
export function toTerm(chunk: Pick<QueryChunk, 'words' | 'prefix'>): FtsTerm {
  const phrase = chunk.words.join(' ');
  const text = chunk.prefix ? `${phrase}*` : chunk.words.length > 1 ? `"${phrase}"` : phrase;
  return {
    text,
    expression: `"${phrase.replaceAll('"', '""')}"${chunk.prefix ? '*' : ''}`,
    words: chunk.words,
    prefix: chunk.prefix,
  };
}

/** Refuses more than MAX_QUERY_TERMS terms and prefixes too short to bound. */
export function checkTerms(terms: readonly FtsTerm[]): void {
  if (terms.length > MAX_QUERY_TERMS) {
    throw new FicError('invalid_input', `query has too many words: at most ${MAX_QUERY_TERMS}`, {
      details: { field: 'query' },
    });
  }
  for (const term of terms) {
    const last = term.words.at(-1)!;
    if (term.prefix && [...last].length < MIN_PREFIX_LENGTH) {
      throw new FicError(
        'invalid_input',
        `${term.text} is too short a prefix: a * needs at least ${MIN_PREFIX_LENGTH} letters or digits before it ` +
          `(${last}* would match most of the workspace); use the whole word or more of it`,
        { details: { field: 'query', term: term.text } },
      );
    }
  }
}

/**
 * The search before issue 13, kept as the relevance benchmark's baseline: every piece is required
 * (ANDed), stopwords and operators included (`refund OR cancel` -> `"refund" "OR" "cancel"`).
 */
export function buildConjunctiveFtsQuery(text: string): FtsQuery {
  const chunks = lexQuery(text);
  if (chunks.length === 0) {
    throw new FicError('invalid_input', 'query must contain at least one word (letters or digits)', {
      details: { field: 'query' },
    });
  }
  const terms = chunks.map(toTerm);
  checkTerms(terms);
  return {
    expression: terms.map((term) => term.expression).join(' '),
    words: chunks.flatMap((chunk) => chunk.words).map((word) => word.toLowerCase()),
    prefix: terms.some((term) => term.prefix),
    terms,
  };
}

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}
