import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueryFixture } from '../../core/test/queries/query-fixture.js';
import type { QueryFixture } from '../../core/test/queries/query-fixture.js';
import { rankingConversations } from '../../core/test/queries/ranking-workspace.js';
import type { SearchConversationsOutput } from '../src/tools/search-conversations.js';
import { call, connect, failure, structured, testConfig } from './mcp-harness.js';
import type { Connected } from './mcp-harness.js';

/** The ranking rules of search, through a real Client, on the hand-built ranking workspace. */
describe('search_conversations ranking over a real client', () => {
  let fixture: QueryFixture;
  let connected: Connected;
  before(async () => {
    fixture = await createQueryFixture(rankingConversations());
    connected = await connect({ config: testConfig(undefined, fixture.dbPath) });
  });
  after(async () => {
    await connected.close();
    await fixture.close();
  });
  const search = async (args: Record<string, unknown>): Promise<SearchConversationsOutput> =>
    structured<SearchConversationsOutput>(await call(connected.client, 'search_conversations', args));
  const ids = (output: SearchConversationsOutput): string[] => output.hits.map((hit) => hit.id);

  test('the description says how to phrase queries', async () => {
    const { tools } = await connected.client.listTools();
    const tool = tools.find((item) => item.name === 'search_conversations')!;
    assert.match(tool.description ?? '', /Phrase the query/);
    assert.match(tool.description ?? '', /lexical/);
    assert.deepEqual(tool.inputSchema.required ?? [], []);
  });

  test('a natural question is widened, says so, and puts the hit holding every word first', async () => {
    const output = await search({ query: 'customer wants a refund for the duplicate charge' });
    assert.equal(output.hits[0]!.id, 'r-all');
    assert.equal(output.hits[0]!.all_terms, false, 'no conversation says "customer wants"');
    assert.equal(output.widened, true);
    assert.equal(output.all_terms_matches, 0);
    assert.match(output.note, /Widened.*None holds all of them/);
    assert.deepEqual(output.ignored_words, ['a', 'for', 'the']);
    const exact = await search({ query: 'refund duplicate charge' });
    assert.equal(exact.all_terms_matches, 1);
    assert.deepEqual(
      exact.hits.map((hit) => hit.all_terms),
      exact.hits.map((_, index) => index === 0),
    );
  });

  test('phrase, prefix, exclusion and OR', async () => {
    assert.deepEqual(ids(await search({ query: '"password reset"' })), ['r-phrase']);
    assert.deepEqual(ids(await search({ query: 'webho*' })), ['r-prefix']);
    assert.ok(!ids(await search({ query: 'refund -printer', limit: 50 })).includes('r-refund-printer'));
    const either = await search({ query: 'chargeback OR duplicate' });
    assert.equal(either.widened, false);
    assert.deepEqual([...ids(either)].sort(), ['r-all', 'r-chargeback', 'r-duplicate-only']);
  });

  test('stopword-only and operator-only queries are explained', async () => {
    assert.match(
      failure(await call(connected.client, 'search_conversations', { query: 'how do I' })),
      /only common words/,
    );
    assert.match(
      failure(await call(connected.client, 'search_conversations', { query: 'OR NOT' })),
      /only operators/,
    );
  });

  test('filters without a query list the newest matches; nothing at all is explained', async () => {
    const output = await search({ state: 'snoozed' });
    assert.deepEqual(ids(output), ['r-snoozed-new', 'r-snoozed-old']);
    assert.equal(output.order, 'recency');
    assert.match(failure(await call(connected.client, 'search_conversations', {})), /at least one filter/);
  });
});
