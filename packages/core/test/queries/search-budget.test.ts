import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchConversations } from '../../src/queries/search-conversations.js';
import type { SearchOptions } from '../../src/queries/search-conversations.js';
import type { SearchConversationsInput } from '../../src/queries/query-types.js';
import { NOW, syntheticConversations } from './conversation-builder.js';
import { createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

/**
 * Hostile searches on a workspace large enough that their cost shows: 3,000 conversations whose words
 * come from a small vocabulary (the common ones in nearly every conversation). No timing is asserted:
 * the budget runs on a clock that ticks once a read, so "time" is the number of budget checks (one a
 * 64 rows examined, one a statement).
 */
let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture(
    syntheticConversations({
      count: 3000,
      seed: 5,
      now: NOW,
      days: 365,
      admins: ['a1', 'a2', 'a3'],
      teams: ['t1', 't2'],
      tags: ['g1', 'g2'],
      contacts: ['u1', 'u2', 'u4'],
    }),
  );
});
after(() => fixture.close());

/** A clock that moves one millisecond each time it is read. */
function tickingClock(): () => number {
  let now = 0;
  return () => now++;
}

function search(
  input: Omit<SearchConversationsInput, 'now'>,
  options: SearchOptions = {},
): {
  run: () => ReturnType<typeof searchConversations>;
  checks: () => number;
} {
  let checks = 0;
  return {
    run: () =>
      searchConversations(
        fixture.database,
        { now: NOW, ...input },
        {
          ...options,
          onWork: (work) => (checks = work.budgetChecks),
        },
      ),
    checks: () => checks,
  };
}

describe('hostile searches', () => {
  test('prefixes under three characters are refused, naming the term, before anything runs', () => {
    for (const [query, term] of [
      ['the* a* i*', 'a*'],
      ['re*', 're*'],
      ['e-m*', 'e m*'],
      ['"refund policy" 7*', '7*'],
    ]) {
      assert.throws(() => searchConversations(fixture.database, { query: query! }), {
        code: 'invalid_input',
        message: new RegExp(
          `^${term!.replace('*', '\\*')} is too short a prefix: a \\* needs at least 3 letters`,
        ),
        details: { field: 'query', term },
      });
    }
  });

  test('a prefix standing for more of the index than the cap is refused before the query runs', () => {
    // `acc*` is `account`, the most common word: nearly every conversation, over a 2,000-entry cap.
    const broad = search({ query: 'acc*' }, { maxPrefixDocuments: 2000 });
    assert.throws(broad.run, {
      code: 'invalid_input',
      message:
        /^acc\* is too broad a prefix here: it stands for 1 or more indexed words, [\d,]+ or more places in the index \(at most 2,000\): give acc\* more letters/,
      details: { field: 'query', term: 'acc*' },
    });
    // Counting the vocabulary stopped at the cap; no statement over the matches ran.
    assert.ok(broad.checks() <= 1, `${broad.checks()} budget checks`);

    // Together: each prefix alone under the cap, both over it; the broadest is named.
    assert.throws(
      () => searchConversations(fixture.database, { query: 'secu* acc*' }, { maxPrefixDocuments: 3000 }),
      {
        message:
          /^The prefixes secu\* acc\* together stand for [\d,]+ or more places in the index \(at most 3,000\); the broadest is acc\*/,
      },
    );

    // A specific prefix passes and finds what the whole word finds.
    const rare = searchConversations(
      fixture.database,
      { query: 'secu*', limit: 50 },
      { maxPrefixDocuments: 2000 },
    );
    const whole = searchConversations(fixture.database, { query: 'security', limit: 50 });
    assert.ok(rare.hits.length > 0);
    assert.deepEqual(rare.hits.map((hit) => hit.id).sort(), whole.hits.map((hit) => hit.id).sort());
  });

  test('a search past its time budget stops there, naming the costly term', () => {
    // Recency order over the common word, with a filter no conversation passes: the walk along
    // conversations by activity would visit every one of them.
    const input = { query: 'account security', customerEmail: 'nobody@nowhere.test' };
    const unbounded = search(input, { maxRankedMatches: 10 });
    assert.equal(unbounded.run().hits.length, 0);
    assert.ok(unbounded.checks() > 40, `the whole search makes ${unbounded.checks()} checks`);

    const bounded = search(input, { maxRankedMatches: 10, timeBudgetMs: 10, clock: tickingClock() });
    assert.throws(bounded.run, {
      code: 'invalid_input',
      message:
        /^The search took longer than its 10 ms budget and was stopped: account matches \d+ conversations; use rarer words/,
      details: { field: 'query', term: 'account', budgetMs: 10 },
    });
    assert.equal(bounded.checks(), 10, 'stopped at the 10th check, a quarter of the way');
  });

  test('everyday searches stay far inside the default budget', () => {
    for (const query of ['refund', 'invoice export', '"card payment"', 'secu*', 'acc*']) {
      const result = searchConversations(fixture.database, { query, now: NOW });
      assert.ok(result.hits.length > 0, query);
    }
  });
});
