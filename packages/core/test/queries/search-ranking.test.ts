import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchConversations } from '../../src/queries/search-conversations.js';
import type { SearchOptions } from '../../src/queries/search-conversations.js';
import type { SearchConversationsInput, SearchHit } from '../../src/queries/query-types.js';
import { NOW } from './conversation-builder.js';
import { createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';
import { rankingConversations } from './ranking-workspace.js';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture(rankingConversations());
});
after(() => fixture.close());

const search = (input: Omit<SearchConversationsInput, 'now'>, options?: SearchOptions) =>
  searchConversations(fixture.database, { now: NOW, ...input }, options);
const ids = (hits: SearchHit[]) => hits.map((hit) => hit.id);

describe('words are ORed and ranked', () => {
  test('a conversation holding every word ranks above those holding some, however often', () => {
    const result = search({ query: 'refund duplicate charge' });
    assert.equal(result.hits[0]!.id, 'r-all');
    assert.equal(result.hits[0]!.allTerms, true);
    assert.ok(result.hits.slice(1).every((hit) => !hit.allTerms));
    assert.deepEqual([...ids(result.hits).slice(1)].sort(), [
      'r-charge-only',
      'r-duplicate-only',
      'r-refund-only',
      'r-refund-printer',
    ]);
    assert.equal(result.widened, true);
    assert.equal(result.allTermsMatches, 1);
    assert.match(result.note, /Widened/);
    assert.match(result.note, /1 hold all of them and come first/);
    // bm25 alone (the word repeated six times) would have put r-refund-only first.
    assert.equal(search({ query: 'refund' }).hits[0]!.id, 'r-refund-only');
  });

  test('a question in a sentence: stopwords are dropped and reported', () => {
    const result = search({ query: 'how do I get a refund for the duplicate charge?' });
    assert.equal(result.hits[0]!.id, 'r-all');
    assert.deepEqual(result.ignoredWords, ['how', 'do', 'i', 'get', 'a', 'for', 'the']);
    assert.doesNotMatch(result.matchExpression, /"how"|"the"/);
    assert.match(result.note, /Ignored common words: how, do, i, get, a, for, the/);
  });

  test('the old conjunction found nothing for the same question', () => {
    const query = 'how do I get a refund for the duplicate charge?';
    assert.deepEqual(search({ query }, { matching: 'conjunctive' }).hits, []);
  });

  test('equal scores are ordered by recency', () => {
    assert.deepEqual(ids(search({ query: 'zebra labels' }).hits), ['r-twin-new', 'r-twin-old']);
  });

  test('a word too common to widen the search ranks without adding hits', () => {
    const result = search({ query: 'refund account' }, { maxRankedMatches: 5 });
    assert.deepEqual(result.rankedOnly, ['account']);
    assert.deepEqual([...ids(result.hits)].sort(), ['r-all', 'r-refund-only', 'r-refund-printer']);
    assert.ok(
      result.hits.every((hit) => hit.allTerms),
      'every refund conversation says account too',
    );
  });
});

describe('operators keep their meaning', () => {
  test('"a phrase" is exact; the same words unquoted match apart', () => {
    assert.deepEqual(ids(search({ query: '"password reset"' }).hits), ['r-phrase']);
    assert.deepEqual(ids(search({ query: 'password reset' }).hits), ['r-phrase', 'r-apart']);
  });

  test('a prefix matches the words it starts', () => {
    assert.deepEqual(ids(search({ query: 'webho*' }).hits), ['r-prefix']);
    assert.deepEqual(ids(search({ query: 'webho' }).hits), []);
  });

  test('-word, -"phrase" and NOT word exclude', () => {
    for (const query of ['refund -printer', 'refund NOT printer', 'refund -"printer which"']) {
      const found = ids(search({ query }).hits);
      assert.ok(!found.includes('r-refund-printer'), query);
      assert.ok(found.includes('r-all') && found.includes('r-refund-only'), query);
    }
  });

  test('OR joins alternatives into one clause; AND requires both', () => {
    const either = search({ query: 'chargeback OR duplicate' });
    assert.equal(either.matchExpression, '("chargeback" OR "duplicate")');
    assert.equal(either.widened, false);
    assert.deepEqual([...ids(either.hits)].sort(), ['r-all', 'r-chargeback', 'r-duplicate-only']);
    assert.deepEqual(ids(search({ query: 'refund AND printer' }).hits), ['r-refund-printer']);
    // Lower case or / and are stopwords, never searched for.
    const lower = search({ query: 'refund or chargeback' });
    assert.deepEqual(lower.ignoredWords, ['or']);
    assert.ok(lower.hits.every((hit) => !/\*\*or\*\*/i.test(hit.snippet)));
  });

  test('queries with nothing to search for are explained, not sent', () => {
    assert.throws(() => search({ query: 'how do I get it?' }), {
      code: 'invalid_input',
      message: /only common words that search ignores \(how, do, i, get, it\)/,
    });
    assert.throws(() => search({ query: 'OR AND NOT' }), {
      code: 'invalid_input',
      message: /only operators/,
    });
    assert.throws(() => search({ query: 'NOT refund' }), { code: 'invalid_input', message: /only excludes/ });
    // Quoted, a stopword is what the user asked for.
    assert.ok(search({ query: '"the"' }).hits.length > 0);
  });
});

describe('snippets', () => {
  test('mark only the words that matched', () => {
    const [hit] = search({ query: 'refund duplicate zebra' }).hits;
    assert.equal(hit!.id, 'r-all');
    assert.match(hit!.snippet, /\*\*refund\*\*/);
    assert.match(hit!.snippet, /\*\*duplicate\*\*/);
    assert.doesNotMatch(hit!.snippet, /\*\*(zebra|the|for)\*\*/i);
  });
});

describe('filters without a query', () => {
  test('return the newest conversations the filters keep', () => {
    const result = search({ state: 'snoozed' });
    assert.deepEqual(ids(result.hits), ['r-snoozed-new', 'r-snoozed-old']);
    assert.equal(result.order, 'recency');
    assert.equal(result.matchExpression, '');
    assert.match(result.note, /No query/);
    assert.deepEqual(ids(search({ query: '  ', state: 'snoozed', limit: 1 }).hits), ['r-snoozed-new']);
  });

  test('pages follow on with the cursor', () => {
    const first = search({ state: 'open', limit: 5 });
    assert.ok(first.nextCursor !== null);
    const second = search({ state: 'open', limit: 5, cursor: first.nextCursor });
    assert.equal(new Set([...ids(first.hits), ...ids(second.hits)]).size, 10);
  });

  test('no query and no filter is explained', () => {
    assert.throws(() => search({}), {
      code: 'invalid_input',
      message: /Give a query .* or at least one filter/,
    });
  });
});

describe('pages of a widened search', () => {
  test('the cursor keeps all-terms hits first and never repeats a hit', () => {
    const seen: SearchHit[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = search({ query: 'refund duplicate charge', limit: 2, cursor });
      seen.push(...result.hits);
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    assert.deepEqual(ids(seen), ids(search({ query: 'refund duplicate charge', limit: 50 }).hits));
    assert.equal(seen[0]!.id, 'r-all');
  });

  test('pages inside the all-terms hits, then across into the others', () => {
    const whole = search({ query: 'refund account', limit: 50 });
    assert.equal(whole.allTermsMatches, 3);
    assert.equal(whole.hits.length, rankingConversations().length);
    const seen: SearchHit[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const result = search({ query: 'refund account', limit: 1, cursor });
      seen.push(...result.hits);
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    assert.deepEqual(ids(seen), ids(whole.hits));
    assert.deepEqual(
      seen.map((hit) => hit.allTerms),
      seen.map((_, index) => index < 3),
    );
  });
});
