import Database from 'better-sqlite3';
import { STOPWORDS as SEARCH_STOPWORDS } from '@fastintercom/core';

/**
 * What realistic questions are made of, drawn from the synced data itself: words people search for
 * (common and rare, with exact document counts from the full-text index), phrases lifted from real
 * messages, busy and quiet customers, teammates, teams, tags and conversation ids.
 */
export interface QueryWorkload {
  commonWords: string[];
  rareWords: string[];
  phrases: string[];
  busyCustomerEmails: string[];
  quietCustomerEmails: string[];
  conversationIds: string[];
  longConversationIds: string[];
  admins: { id: string; name: string | null; email: string | null }[];
  teams: string[];
  tags: string[];
}

/** Words too common to be anyone's search: search's own stopwords (it refuses a query of only those), and greetings. */
const STOPWORDS = new Set([...SEARCH_STOPWORDS, ...'hello thanks thank please regards'.split(' ')]);

export function readQueryWorkload(dbPath: string, random: () => number): QueryWorkload {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    // Sampled with the seeded generator (not SQL's random()), so two runs ask the same questions.
    const conversationIds = sample(column(sqlite, 'SELECT id FROM conversations ORDER BY id'), 600, random);
    const { commonWords, rareWords, phrases } = words(sqlite, conversationIds.slice(0, 400), random);
    const customers = sqlite
      .prepare(
        `SELECT co.email AS email, count(*) AS n
           FROM conversation_contacts cc JOIN contacts co ON co.id = cc.contact_id
          WHERE co.email IS NOT NULL
          GROUP BY co.email COLLATE NOCASE ORDER BY n DESC, co.email`,
      )
      .all() as { email: string; n: number }[];
    const quiet = customers.filter((customer) => customer.n === 1);
    return {
      commonWords,
      rareWords,
      phrases,
      busyCustomerEmails: customers.slice(0, 25).map((customer) => customer.email),
      quietCustomerEmails: sample(quiet.length > 0 ? quiet : customers.slice(-50), 100, random).map(
        (customer) => customer.email,
      ),
      conversationIds,
      longConversationIds: column(sqlite, 'SELECT id FROM conversations ORDER BY parts_stored DESC LIMIT 25'),
      admins: sqlite
        .prepare('SELECT id, name, email FROM admins ORDER BY id')
        .all() as QueryWorkload['admins'],
      teams: column(sqlite, 'SELECT name FROM teams ORDER BY id'),
      tags: column(sqlite, 'SELECT name FROM tags ORDER BY id'),
    };
  } finally {
    sqlite.close();
  }
}

/**
 * Words of real messages that the index holds as they are (so their document count is exact): the most
 * frequent make the common words, those in at most a handful of conversations the rare ones.
 */
function words(
  sqlite: Database.Database,
  conversationIds: string[],
  random: () => number,
): { commonWords: string[]; rareWords: string[]; phrases: string[] } {
  sqlite.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocabulary USING fts5vocab(main, conversations_fts, row)',
  );
  const documents = new Map(
    (
      sqlite.prepare('SELECT term, doc FROM temp.bench_vocabulary').all() as { term: string; doc: number }[]
    ).map((row) => [row.term, row.doc]),
  );
  const texts = sqlite
    .prepare(
      `SELECT body_text FROM conversation_parts
        WHERE conversation_id IN (SELECT value FROM json_each(?)) AND body_text IS NOT NULL
        ORDER BY conversation_id, position`,
    )
    .pluck()
    .all(JSON.stringify(conversationIds)) as string[];
  const seen = new Map<string, number>();
  const phrases: string[] = [];
  for (const text of texts) {
    const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const token of tokens) {
      if (/^\p{L}{3,}$/u.test(token) && !STOPWORDS.has(token)) {
        const count = documents.get(token);
        if (count !== undefined) seen.set(token, count);
      }
    }
    if (tokens.length >= 4 && phrases.length < 200) {
      const start = Math.floor(random() * (tokens.length - 2));
      phrases.push(`"${tokens.slice(start, start + 2 + Math.floor(random() * 2)).join(' ')}"`);
    }
  }
  const byCount = [...seen].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const rare = byCount.filter(([, count]) => count <= 5);
  return {
    commonWords: byCount.slice(0, 60).map(([word]) => word),
    rareWords: (rare.length >= 20 ? rare : byCount.slice(-60)).map(([word]) => word),
    phrases,
  };
}

function column(sqlite: Database.Database, query: string): string[] {
  return sqlite.prepare(query).pluck().all() as string[];
}

export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
