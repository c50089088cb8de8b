import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConversationFilters } from '../../src/queries/conversation-filters.js';
import { searchConversations } from '../../src/queries/search-conversations.js';
import { SearchBudget, withinBudget } from '../../src/queries/search-budget.js';
import { probeStatement } from '../../src/queries/search-recency-page.js';
import type { SearchOptions } from '../../src/queries/search-conversations.js';
import type { SearchConversationsInput, SearchConversationsResult } from '../../src/queries/query-types.js';
import { DAY, NOW, syntheticConversations } from './conversation-builder.js';
import { createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

/**
 * The recency page has three plans (search-recency-page.ts): probing the newest conversations one by
 * one, or building the set of matches (the probe plan hands over to the set plan when its walk is cut),
 * or, with a customer filter, probing the customer's conversations as fic recent lists them.
 * Whichever runs, the pages, their cursors and snippets must be the same.
 */
let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture(
    syntheticConversations({
      count: 1200,
      seed: 11,
      now: NOW,
      days: 120,
      admins: ['a1', 'a2', 'a3'],
      teams: ['t1', 't2'],
      tags: ['g1', 'g2'],
      contacts: ['u1', 'u2'],
    }),
  );
  // Activity rounded to the day, so many conversations tie on updated_at and row_id orders them.
  sqliteOf(fixture.database).exec(`UPDATE conversations SET updated_at = updated_at - updated_at % ${DAY}`);
});
after(() => fixture.close());

type Input = Omit<SearchConversationsInput, 'now' | 'cursor' | 'limit'>;

/** Every page of a recency-ordered search, with the cursor that led to each. */
function allPages(input: Input, options: SearchOptions): SearchConversationsResult[] {
  const pages: SearchConversationsResult[] = [];
  let cursor: string | undefined;
  do {
    const page = searchConversations(
      fixture.database,
      { ...input, limit: 7, cursor, now: NOW },
      // A generous budget: a loaded machine must not stop a search this test compares.
      { maxRankedMatches: 10, timeBudgetMs: 60_000, ...options },
    );
    assert.equal(page.order, 'recency');
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 400);
  return pages;
}

const PLANS: Record<string, SearchOptions> = {
  'probe, never cut': { recencyPlan: 'probe', recencyWalkRows: 1_000_000 },
  'probe, cut after 3 rows then the set': { recencyPlan: 'probe', recencyWalkRows: 3 },
  'probe, cut after 40 rows then the set': { recencyPlan: 'probe', recencyWalkRows: 40 },
  'chosen by the number of matches': {},
};

const CASES: Input[] = [
  { query: 'account' },
  { query: 'account security' },
  { query: 'refund invoice', state: 'open' },
  { query: 'chat', teamAssignee: 'Billing' },
  { query: 'payment', tag: 'g1', state: 'closed' },
  { query: 'error -crash', adminAssignee: 'a2' },
  { query: '"card payment"' },
  { query: 'account', customerEmail: 'ann@acme.test', since: '60d' },
  { query: 'payment', customerEmail: 'ann@acme.test', tag: 'g2' },
  { query: 'refund -chat', customerEmail: 'ann@acme.test', adminAssignee: 'a1' },
];

describe('recency plans', () => {
  test('the fixture has ties on updated_at across matching conversations', () => {
    const ties = sqliteOf(fixture.database)
      .prepare(
        `SELECT count(*) FROM (SELECT updated_at FROM conversations GROUP BY updated_at HAVING count(*) > 1)`,
      )
      .pluck()
      .get() as number;
    assert.ok(ties > 50, `${ties} tied activity times`);
  });

  test('the probe walks conversations_recent alone, sorts nothing, and gives FTS5 the rowid', () => {
    for (const input of CASES) {
      const filters = buildConversationFilters(fixture.database, { ...input, now: NOW });
      for (const after of [undefined, [NOW - 30 * DAY, 500]]) {
        const probe = probeStatement(
          fixture.database,
          { expression: '"account"', ...filters, after, plan: 'probe' },
          1000,
          11,
        );
        // The statement calls the budget's function, which withinBudget registers.
        const plan = withinBudget(fixture.database, new SearchBudget(), () =>
          sqliteOf(fixture.database)
            .prepare(`EXPLAIN QUERY PLAN ${probe.sql}`)
            .all(...probe.params),
        ).map((row) => (row as { detail: string }).detail);
        const text = `${JSON.stringify(input)}: ${plan.join(' | ')}`;
        assert.ok(
          plan.some((step) => /^(SCAN|SEARCH) r USING COVERING INDEX conversations_recent/.test(step)),
          text,
        );
        assert.ok(!plan.some((step) => step.includes('TEMP B-TREE')), text);
        // FTS5's idxStr: '=' is the rowid equality, 'M' the MATCH.
        assert.ok(
          plan.some((step) => /VIRTUAL TABLE INDEX \d+:=M/.test(step)),
          text,
        );
      }
    }
  });

  for (const input of CASES) {
    test(`every plan gives the set plan's pages: ${JSON.stringify(input)}`, () => {
      const expected = allPages(input, { recencyPlan: 'set' });
      const hits = expected.flatMap((page) => page.hits);
      assert.ok(hits.length > 7, `${hits.length} hits: the case should take more than one page`);
      // The set plan itself is newest first, row_id breaking ties, with no hit twice.
      assert.equal(new Set(hits.map((hit) => hit.id)).size, hits.length);
      for (let i = 1; i < hits.length; i += 1) assert.ok(hits[i - 1]!.updatedAt >= hits[i]!.updatedAt);
      for (const [name, options] of Object.entries(PLANS)) {
        assert.deepEqual(allPages(input, options), expected, name);
      }
      if (input.customerEmail !== undefined) {
        assert.deepEqual(allPages(input, { recencyPlan: 'customer' }), expected, 'customer');
      }
    });
  }
});

describe('the all-terms count', () => {
  test('bounded by the matches it reads, it says "at least" and leaves the page as it was', () => {
    const input = { query: 'account billing', customerEmail: 'ann@acme.test', state: 'open' as const };
    const exact = searchConversations(fixture.database, { ...input, now: NOW }, { maxRankedMatches: 10 });
    const bounded = searchConversations(
      fixture.database,
      { ...input, now: NOW },
      { maxRankedMatches: 10, allTermsCountScan: 20 },
    );
    const counted = sqliteOf(fixture.database)
      .prepare(
        `SELECT count(*) FROM conversations_fts f JOIN conversations c ON c.row_id = f.rowid
          JOIN contacts ct ON ct.id = c.contact_id
         WHERE conversations_fts MATCH '"account" AND "billing"' AND ct.email = 'ann@acme.test'
           AND c.state = 'open'`,
      )
      .pluck()
      .get() as number;
    assert.ok(counted > 0 && counted < 1000, `${counted} hold both`);
    assert.equal(exact.allTermsMatches, counted);
    assert.match(exact.note, new RegExp(` ${counted} hold all of them\\.`));
    assert.ok(bounded.allTermsMatches! < counted, `${bounded.allTermsMatches} of ${counted} counted`);
    assert.match(bounded.note, new RegExp(` At least ${bounded.allTermsMatches} pass the filters`));
    assert.deepEqual(bounded.hits, exact.hits);
  });
});
