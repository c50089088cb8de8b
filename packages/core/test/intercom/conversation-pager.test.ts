import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FicError, IntercomClient, conversationPages } from '@fastintercom/core';
import type {
  ConversationPage,
  ConversationSearcher,
  ConversationSummary,
  SearchConversationsPage,
  SearchConversationsRequest,
} from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';

async function fake(conversations: number): Promise<{ server: FakeIntercom; client: IntercomClient }> {
  const server = await startFakeIntercom({ conversations, rateLimitPerMinute: 0 });
  after(() => server.close());
  return {
    server,
    client: new IntercomClient({ baseUrl: server.url, token: server.token, retryBaseDelayMs: 1 }),
  };
}

async function collect(pages: AsyncGenerator<ConversationPage>): Promise<ConversationPage[]> {
  const all: ConversationPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const searches = (server: FakeIntercom): number => server.stats().byRoute['POST /conversations/search'] ?? 0;

describe('conversationPages against the fake Intercom', () => {
  test('walks the whole workspace oldest update first, every conversation exactly once', async () => {
    const { server, client } = await fake(400);
    const pages = await collect(conversationPages(client, { updatedSince: 0 }));
    const items = pages.flatMap((page) => page.items);
    const truth = server.truth().conversations;
    assert.equal(items.length, truth.length);
    assert.deepEqual(
      new Set(items.map((item) => item.id)),
      new Set(truth.map((conversation) => conversation.id)),
    );
    assert.ok(items.every((item, i) => i === 0 || items[i - 1]!.updated_at <= item.updated_at));
    assert.deepEqual(
      pages.map((page) => page.page),
      [1, 2, 3],
    );
    assert.ok(pages.every((page) => page.totalCount === truth.length && page.items.length <= 150));
    assert.equal(searches(server), 3);
  });

  test('the lower bound is inclusive, and ties on one second across page borders all come through once', async () => {
    const { server, client } = await fake(120);
    const latest = Math.max(...server.truth().conversations.map((conversation) => conversation.updated_at));
    const at = latest + 100;
    const { updated, created } = server.advance({ replies: 25, closes: 10, newConversations: 8, at });
    const touched = new Set([...updated, ...created]);
    assert.ok(touched.size > 20, 'enough ties to straddle several pages');
    const truth = server.truth().conversations.filter((conversation) => conversation.updated_at >= at);
    assert.deepEqual(new Set(truth.map((conversation) => conversation.id)), touched);

    const pages = await collect(conversationPages(client, { updatedSince: at, perPage: 7 }));
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(ids.length, touched.size, 'no duplicates');
    assert.deepEqual(new Set(ids), touched, 'nothing dropped');
    assert.equal(pages.length, Math.ceil(touched.size / 7));

    const strictlyAfter = await collect(conversationPages(client, { updatedSince: at + 1 }));
    assert.deepEqual(
      strictlyAfter.flatMap((page) => page.items),
      [],
    );
  });

  test('is lazy: a page is fetched only when the consumer asks for it', async () => {
    const { server, client } = await fake(200);
    const pages = conversationPages(client, { updatedSince: 0, perPage: 50 });
    assert.equal(searches(server), 0);
    const first = await pages.next();
    assert.equal(first.done, false);
    assert.equal(searches(server), 1);
    await pages.return();
    assert.equal(searches(server), 1);
  });

  test('stops with FicError aborted once its signal is aborted', async () => {
    const { client } = await fake(200);
    const controller = new AbortController();
    const pages = conversationPages(client, { updatedSince: 0, perPage: 50, signal: controller.signal });
    await pages.next();
    controller.abort();
    await assert.rejects(
      pages.next(),
      (error: unknown) => error instanceof FicError && error.code === 'aborted',
    );
  });
});

describe('conversationPages with a search API that repeats itself', () => {
  /** Serves scripted pages, the way Intercom can when conversations change while a client pages. */
  function scripted(
    pages: [id: string, updatedAt: number][][],
  ): ConversationSearcher & { bodies: SearchConversationsRequest[] } {
    const bodies: SearchConversationsRequest[] = [];
    return {
      bodies,
      searchConversations(body: SearchConversationsRequest): Promise<SearchConversationsPage> {
        bodies.push(body);
        const index =
          body.pagination?.starting_after === undefined ? 0 : Number(body.pagination.starting_after);
        const conversations: ConversationSummary[] = pages[index]!.map(([id, updated_at]) => ({
          id,
          updated_at,
          created_at: 1,
          admin_assignee_id: null,
          team_assignee_id: null,
        }));
        const next = index + 1 < pages.length ? { starting_after: String(index + 1) } : undefined;
        return Promise.resolve({ conversations, total_count: 6, pages: { page: index + 1, next } });
      },
    };
  }

  test('skips a conversation repeated at the same second, keeps one that changed since', async () => {
    const api = scripted([
      [
        ['a', 100],
        ['b', 100],
        ['c', 101],
      ],
      [
        ['c', 101], // repeated across the border: skipped
        ['d', 101], // a new tie at the same second: kept
        ['a', 105], // updated again since page 1: kept
      ],
      [['e', 105]],
    ]);
    const pages = await collect(conversationPages(api, { updatedSince: 100, perPage: 3 }));
    assert.deepEqual(
      pages.map((page) => page.items.map((item) => `${item.id}@${item.updated_at}`)),
      [['a@100', 'b@100', 'c@101'], ['d@101', 'a@105'], ['e@105']],
    );
    assert.deepEqual(api.bodies[0], {
      query: { field: 'updated_at', operator: '>', value: 99 },
      pagination: { per_page: 3 },
      sort: { field: 'updated_at', order: 'ascending' },
    });
    assert.equal(api.bodies[1]?.pagination?.starting_after, '1');
  });
});
