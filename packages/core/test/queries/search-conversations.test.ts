import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FicError } from '../../src/errors.js';
import { searchConversations } from '../../src/queries/search-conversations.js';
import type { SearchConversationsInput, SearchHit } from '../../src/queries/query-types.js';
import { DAY, NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture();
});
after(() => fixture.close());

const search = (input: Omit<SearchConversationsInput, 'now'>) =>
  searchConversations(fixture.database, { now: NOW, ...input });
const ids = (hits: SearchHit[]) => hits.map((hit) => hit.id);

describe('ranking and snippets', () => {
  test('a subject match outranks the same word once in a long body', () => {
    const { hits } = search({ query: 'refund' });
    const order = ids(hits);
    assert.ok(order.includes('c-refund-body'));
    assert.ok(order.indexOf('c-policy') < order.indexOf('c-refund-body'));
    assert.ok(order.indexOf('c-refund-subject') < order.indexOf('c-refund-body'));
    // Scores are positive and non-increasing down the page.
    const scores = hits.map((hit) => hit.score);
    for (let i = 1; i < scores.length; i += 1) assert.ok(scores[i - 1]! >= scores[i]!);
    assert.ok(scores.every((score) => score !== null && score > 0));
  });

  test('equal scores are ordered by recency', () => {
    const { hits } = search({ query: 'printer jam twin' });
    assert.deepEqual(ids(hits), ['c-twin-new', 'c-twin-old']);
    assert.equal(hits[0]!.score, hits[1]!.score);
  });

  test('each hit has a snippet with the matched words in bold, and compact metadata', () => {
    const { hits } = search({ query: 'charged twice' });
    assert.deepEqual(ids(hits), ['c-refund-subject']);
    const hit = hits[0]!;
    assert.match(hit.snippet, /\*\*charged\*\* \*\*twice\*\*/);
    assert.equal(hit.subject, 'Refund request for order 1234');
    assert.equal(hit.state, 'closed');
    assert.equal(hit.customerEmail, 'ann@acme.test');
    assert.equal(hit.customerName, 'Ann Customer');
    assert.equal(hit.createdAt, new Date((NOW - 2 * DAY) * 1000).toISOString());
  });

  test('stemming and diacritics: "refunds" finds "refund", "crashés" finds "crashes"', () => {
    assert.ok(ids(search({ query: 'refunds' }).hits).includes('c-refund-subject'));
    assert.ok(ids(search({ query: 'crashés' }).hits).includes('c-reopen'));
  });

  test('message bodies of later parts are searched, not only the opening message', () => {
    assert.deepEqual(ids(search({ query: 'deduplicate' }).hits), ['c-bot']);
    assert.deepEqual(ids(search({ query: 'known CSV bug' }).hits), ['c-reopen']); // an internal note
  });

  test('quoted text is an exact phrase; a trailing * is a prefix', () => {
    const phrase = search({ query: '"refund policy"' });
    assert.equal(phrase.matchExpression, '"refund policy"');
    assert.deepEqual(ids(phrase.hits), ['c-policy']);
    // Words are ORed: the conversations holding both come first, then those with either.
    const words = search({ query: 'refund policy' });
    assert.deepEqual(ids(words.hits).slice(0, 2).sort(), ['c-policy', 'c-policy-apart']);
    assert.deepEqual(
      words.hits.map((hit) => hit.allTerms),
      words.hits.map((_, index) => index < 2),
    );
    assert.equal(words.allTermsMatches, 2);
    assert.ok(ids(search({ query: 'webho*' }).hits).includes('c-bot'));
    assert.deepEqual(ids(search({ query: 'webho' }).hits), []);
  });
});

describe('filters', () => {
  test('state', () => {
    const closed = search({ query: 'refund', state: 'closed', limit: 50 });
    assert.deepEqual([...ids(closed.hits)].sort(), ['c-old', 'c-refund-subject']);
    assert.ok(closed.hits.every((hit) => hit.state === 'closed'));
  });

  test('date range on last activity (relative and ISO), or on creation', () => {
    assert.deepEqual(ids(search({ query: 'refund', since: '60d' }).hits).includes('c-old'), false);
    assert.deepEqual(ids(search({ query: 'refund', until: '2025-12-31' }).hits), ['c-old']);
    const recent = ids(search({ query: 'refund', since: '36h' }).hits);
    assert.deepEqual(recent, ['c-refund-body']);
    const created = ids(
      search({ query: 'refund', since: '2026-02-26', until: '2026-02-27', dateField: 'created' }).hits,
    );
    assert.deepEqual([...created].sort(), ['c-policy', 'c-policy-apart']);
  });

  test('customer email, case-insensitive, through any contact of the conversation', () => {
    const byAnn = ids(search({ query: 'export', customerEmail: 'ANN@acme.test' }).hits);
    assert.deepEqual(byAnn, ['c-reopen']);
    assert.deepEqual(ids(search({ query: 'export', customerEmail: 'ben@beta.test' }).hits), []);
  });

  test('admin assignee by id, email or name; team by id or name', () => {
    for (const adminAssignee of ['a2', 'bob@corp.test', 'bob builder']) {
      const found = ids(search({ query: 'refund', adminAssignee, limit: 50 }).hits);
      assert.deepEqual([...found].sort(), ['c-policy-apart', 'c-refund-body'], adminAssignee);
    }
    for (const teamAssignee of ['t1', 'billing']) {
      const found = ids(search({ query: 'refund', teamAssignee, limit: 50 }).hits);
      assert.deepEqual([...found].sort(), ['c-policy', 'c-refund-subject'], teamAssignee);
    }
  });

  test('tag by name or id', () => {
    for (const tag of ['billing', 'BILLING', 'g1']) {
      const found = ids(search({ query: 'refund', tag, limit: 50 }).hits);
      assert.deepEqual([...found].sort(), ['c-policy', 'c-refund-subject'], tag);
    }
  });

  test('filters combine', () => {
    const found = ids(
      search({ query: 'refund', tag: 'billing', state: 'open', teamAssignee: 'Billing' }).hits,
    );
    assert.deepEqual(found, ['c-policy']);
  });

  test('unknown names and bad values are clear errors', () => {
    assert.throws(() => search({ query: 'refund', tag: 'nope' }), { code: 'not_found' });
    assert.throws(() => search({ query: 'refund', adminAssignee: 'nobody' }), { code: 'not_found' });
    assert.throws(() => search({ query: 'refund', teamAssignee: 'nobody' }), { code: 'not_found' });
    assert.throws(() => search({ query: 'refund', state: 'pending' as never }), { code: 'invalid_input' });
    assert.throws(() => search({ query: 'refund', since: 'last week' }), {
      code: 'invalid_input',
      message: 'since must be an ISO date (2026-01-31) or a relative span like 7d or 24h',
    });
    assert.throws(() => search({ query: 'refund', since: '1d', until: '2d' }), { code: 'invalid_input' });
    assert.throws(() => search({ query: 'refund', limit: 51 }), { code: 'invalid_input' });
    assert.throws(() => search({ query: 'refund', cursor: 'not-a-cursor' }), { code: 'invalid_input' });
  });
});

describe('pagination', () => {
  test('pages cover the full result without duplicates, in the same order, ending with a null cursor', () => {
    const everything = search({ query: 'widget', limit: 50 });
    assert.equal(everything.hits.length, 24);
    assert.equal(everything.nextCursor, null);
    const paged: SearchHit[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = search({ query: 'widget', limit: 5, cursor });
      paged.push(...page.hits);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
      assert.ok(page.hits.length <= 5);
    } while (cursor !== undefined);
    assert.equal(pages, 5);
    assert.deepEqual(ids(paged), ids(everything.hits));
    assert.equal(new Set(ids(paged)).size, 24);
  });

  test('a prefix query pages like one page, every hit with its own highlighted snippet', () => {
    const everything = search({ query: 'widg*', limit: 50 });
    assert.equal(everything.hits.length, 24);
    const paged: SearchHit[] = [];
    let cursor: string | undefined;
    do {
      const page = search({ query: 'widg*', limit: 5, cursor });
      paged.push(...page.hits);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    assert.deepEqual(paged, everything.hits);
    assert.ok(paged.every((hit) => /\*\*widget/iu.test(hit.snippet)));
  });

  test('a page that fits exactly has no next cursor', () => {
    assert.equal(search({ query: 'printer', limit: 2 }).nextCursor, null);
    assert.notEqual(search({ query: 'printer', limit: 1 }).nextCursor, null);
  });
});

describe('very common words', () => {
  test('over the ranking limit, hits come newest activity first, paginated without duplicates', () => {
    const newestFirst = sqliteOf(fixture.database)
      .prepare(`SELECT id FROM conversations WHERE id LIKE 'c-page-%' ORDER BY updated_at DESC, row_id DESC`)
      .pluck()
      .all() as string[];
    const paged: SearchHit[] = [];
    let cursor: string | undefined;
    do {
      const page = searchConversations(
        fixture.database,
        { query: 'widget', limit: 7, cursor, now: NOW },
        // The first page decides; later pages keep its order even without the option.
        cursor === undefined ? { maxRankedMatches: 20 } : {},
      );
      assert.equal(page.order, 'recency');
      paged.push(...page.hits);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    assert.deepEqual(ids(paged), newestFirst);
    assert.ok(paged.every((hit) => hit.score === null && hit.snippet.includes('**')));
    // At or under the limit, relevance.
    const ranked = searchConversations(
      fixture.database,
      { query: 'widget', now: NOW },
      { maxRankedMatches: 24 },
    );
    assert.equal(ranked.order, 'relevance');
    assert.notDeepEqual(ids(ranked.hits), newestFirst.slice(0, 10));
  });

  test('in recency order each hit keeps what relevance order gives it, without a score', () => {
    const ranked = search({ query: 'widget', limit: 50 });
    const recent = searchConversations(
      fixture.database,
      { query: 'widget', limit: 50, now: NOW },
      { maxRankedMatches: 20 },
    );
    assert.equal(recent.order, 'recency');
    const byId = new Map(ranked.hits.map((hit) => [hit.id, hit]));
    assert.equal(recent.hits.length, ranked.hits.length);
    for (const hit of recent.hits) {
      assert.equal(hit.score, null);
      assert.notEqual(byId.get(hit.id)?.score ?? null, null);
      assert.deepEqual({ ...hit, score: byId.get(hit.id)?.score }, byId.get(hit.id));
    }
  });

  test('filters still apply in recency order', () => {
    const result = searchConversations(
      fixture.database,
      { query: 'refund', state: 'open', teamAssignee: 'Billing', now: NOW },
      { maxRankedMatches: 1 },
    );
    assert.equal(result.order, 'recency');
    assert.deepEqual(ids(result.hits), ['c-policy']);
  });
});

describe('hostile input', () => {
  const hostile = [
    '"',
    '""',
    '"unbalanced',
    'NEAR(',
    'NEAR(printer tray, 2)',
    '*',
    'printer*',
    '-',
    '-printer',
    '(',
    'printer)',
    "'; DROP TABLE conversations; --",
    'subject:refund',
    'refund OR cancel',
    'NOT refund',
    '^refund',
    'a AND',
    '🔥',
    '🔥 printer 🔥',
    '退款',
    '\u0000',
    '  ',
    '',
    'x'.repeat(1001),
  ];
  for (const query of hostile) {
    test(`never an SQLite error: ${JSON.stringify(query.slice(0, 40))}`, () => {
      try {
        const result = search({ query });
        assert.ok(Array.isArray(result.hits));
      } catch (error) {
        assert.ok(error instanceof FicError, `not a FicError: ${String(error)}`);
        assert.equal(error.code, 'invalid_input');
      }
    });
  }

  test('FTS5 syntax is searched literally; only OR, AND, NOT and a leading - are operators', () => {
    assert.deepEqual(ids(search({ query: 'NEAR(' }).hits), ids(search({ query: 'near' }).hits));
    assert.ok(ids(search({ query: 'NEAR(' }).hits).includes('c-hostile'));
    assert.throws(() => search({ query: '-printer' }), { code: 'invalid_input', message: /only excludes/ });
    assert.equal(search({ query: 'refund OR cancel' }).matchExpression, '("refund" OR "cancel")');
    assert.equal(ids(search({ query: "'; DROP TABLE conversations; --" }).hits)[0], 'c-hostile');
    assert.ok(search({ query: 'printer' }).hits.length > 0, 'the table is still there');
    assert.equal(ids(search({ query: 'said "hello" (and left)' }).hits)[0], 'c-hostile');
  });

  test('emoji are ignored around words; CJK words are found', () => {
    assert.deepEqual(ids(search({ query: '🔥 printer 🔥' }).hits), ['c-twin-new', 'c-twin-old']);
    assert.deepEqual(ids(search({ query: '退款' }).hits), ['c-cjk']);
  });

  test('empty or punctuation-only queries are a validation error', () => {
    for (const query of ['', '   ', '"', '()', '🔥', '-*-']) {
      assert.throws(() => search({ query }), { code: 'invalid_input' }, JSON.stringify(query));
    }
  });
});

test('an empty database says to run fic sync', async () => {
  const empty = await createEmptyDatabase();
  try {
    assert.throws(() => searchConversations(empty.database, { query: 'refund' }), { code: 'empty_database' });
  } finally {
    await empty.close();
  }
});
