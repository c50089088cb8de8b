import type BetterSqlite3 from 'better-sqlite3';
import type { FicDatabase } from '../db/open-database.js';
import type { SearchBudget } from './search-budget.js';
import { sqliteOf } from '../db/open-database.js';

/**
 * What a prefix term costs. Without a prefix index, FTS5 answers `refu*` by merging the document list
 * of every indexed word that starts with the prefix into one, each time a statement opens a cursor on
 * the expression, before its first row: work no budget check can interrupt (search-budget.ts). So it is
 * measured first, in the index's vocabulary (fts5vocab: one row a word with its document count, read
 * without merging, about a quarter of the cost), and a query whose prefixes would merge more than
 * MAX_PREFIX_DOCUMENTS entries is refused before it runs. On this machine a merge costs ~0.13 µs an
 * entry, so the cap bounds each cursor's merging at ~3 ms whatever the size of the workspace.
 */
export const MAX_PREFIX_DOCUMENTS = 25_000;

export interface PrefixSize {
  /** Indexed words the prefix starts (counted up to where the documents passed the cap). */
  words: number;
  /** Entries of their document lists: what FTS5 merges. */
  documents: number;
}

/** Conversations holding `word` (as the tokenizer stems it), from the index's vocabulary. */
export function wordDocuments(database: FicDatabase, word: string): number {
  const vocabulary = vocabularyOf(database);
  const token = vocabulary.token(word);
  return token === undefined ? 0 : ((vocabulary.document.get(token) as number | undefined) ?? 0);
}

interface Vocabulary {
  /** The word as the index's tokenizer turns it into a token (stemmed, folded), or undefined. */
  token(word: string): string | undefined;
  /** Document counts of the indexed words in [from, to). */
  documents: BetterSqlite3.Statement;
  /** Document count of one indexed word. */
  document: BetterSqlite3.Statement;
}

const vocabularies = new WeakMap<BetterSqlite3.Database, Vocabulary>();

/**
 * The indexed words `word*` stands for and their document entries, counted until they pass `cap`
 * (the budget is checked on each word).
 */
export function prefixSize(
  database: FicDatabase,
  word: string,
  cap: number,
  budget: SearchBudget,
): PrefixSize {
  const vocabulary = vocabularyOf(database);
  const token = vocabulary.token(word);
  const size: PrefixSize = { words: 0, documents: 0 };
  if (token === undefined) return size;
  for (const doc of vocabulary.documents.iterate(token, nextString(token)) as Iterable<number>) {
    size.words += 1;
    size.documents += doc;
    if (size.documents > cap) break;
    if (size.words % 64 === 0) budget.check();
  }
  return size;
}

/**
 * The vocabulary of conversations_fts, and a scratch FTS5 table with the same tokenizer to learn what
 * token a typed word becomes (the porter stemmer turns `refunding` into `refund`, and FTS5 stems a
 * prefix the same way). Both live in the connection's temp schema, which a read-only connection may
 * write.
 */
function vocabularyOf(database: FicDatabase): Vocabulary {
  const sqlite = sqliteOf(database);
  let vocabulary = vocabularies.get(sqlite);
  if (vocabulary !== undefined) return vocabulary;
  const tokenize = tokenizerOf(sqlite);
  sqlite.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.fic_vocabulary USING fts5vocab(main, conversations_fts, row);
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.fic_token_probe USING fts5(word, tokenize = ${quote(tokenize)});
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.fic_token_probe_terms USING fts5vocab(temp, fic_token_probe, instance);`,
  );
  const insert = sqlite.prepare('INSERT INTO temp.fic_token_probe (rowid, word) VALUES (1, ?)');
  const tokens = sqlite.prepare('SELECT term FROM temp.fic_token_probe_terms ORDER BY offset').pluck();
  const clear = sqlite.prepare('DELETE FROM temp.fic_token_probe');
  vocabulary = {
    token: (word) => {
      insert.run(word);
      try {
        return (tokens.all() as string[]).at(-1);
      } finally {
        clear.run();
      }
    },
    documents: sqlite.prepare('SELECT doc FROM temp.fic_vocabulary WHERE term >= ? AND term < ?').pluck(),
    document: sqlite.prepare('SELECT doc FROM temp.fic_vocabulary WHERE term = ?').pluck(),
  };
  vocabularies.set(sqlite, vocabulary);
  return vocabulary;
}

/** The tokenize option conversations_fts was created with (from its CREATE statement). */
function tokenizerOf(sqlite: BetterSqlite3.Database): string {
  const sql = sqlite
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'conversations_fts'")
    .pluck()
    .get() as string | undefined;
  const match = /tokenize\s*=\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")/i.exec(sql ?? '');
  return (match?.[1]?.replaceAll("''", "'") ?? match?.[2]?.replaceAll('""', '"') ?? 'unicode61').trim();
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The smallest string after every string that starts with `text`. */
function nextString(text: string): string {
  return text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) + 1);
}
