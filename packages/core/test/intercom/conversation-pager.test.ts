import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FicError, IntercomClient, conversationPages } from '@fastintercom/core';
import type {
  ConversationPage,
  ConversationSearcher,
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

    let dense: { second: number; cursorFallback: boolean } | undefined;
    const pages = await collect(
      conversationPages(client, { updatedSince: at, perPage: 7, onDenseSecond: (event) => (dense = event) }),
    );
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(ids.length, touched.size, 'no duplicates');
    assert.deepEqual(new Set(ids), touched, 'nothing dropped');
    assert.ok(pages.every((page) => page.items.length <= 7));
    // More than a page in one second: that second was listed by created_at instead (and the eight new
    // conversations, created in that second too, through the fake's cursor, which breaks ties).
    assert.equal(dense?.second, at);

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

/**
 * An in-memory conversation search that behaves like Intercom's where it is hardest: a stateless cursor
 * that carries only the last item's sort value (the next page starts strictly after it), items that
 * change between pages, and optionally a cursor that never moves.
 */
class StatelessSearch implements ConversationSearcher {
  readonly bodies: SearchConversationsRequest[] = [];
  items: { id: string; updated_at: number; created_at: number }[] = [];
  stuckCursor = false;
  onRequest: (count: number) => void = () => undefined;

  searchConversations(body: SearchConversationsRequest): Promise<SearchConversationsPage> {
    this.bodies.push(structuredClone(body));
    this.onRequest(this.bodies.length);
    const field = body.sort?.field as 'updated_at' | 'created_at';
    const matching = this.items
      .filter((item) => matches(item, body.query))
      .sort((a, b) => a[field] - b[field] || Number(a.id) - Number(b.id));
    const after = body.pagination?.starting_after;
    const start =
      after === undefined || after === null || this.stuckCursor
        ? 0
        : matching.findIndex((item) => item[field] > Number(after.split(':')[0]));
    const perPage = body.pagination?.per_page ?? 150;
    const page = start < 0 ? [] : matching.slice(start, start + perPage);
    const last = page.at(-1);
    const more = start >= 0 && start + perPage < matching.length && last !== undefined;
    const conversations = page.map((item) => ({ ...item, admin_assignee_id: null, team_assignee_id: null }));
    return Promise.resolve({
      conversations,
      total_count: matching.length,
      pages: more ? { next: { starting_after: `${last[field]}:${this.bodies.length}` } } : {},
    });
  }
}

type Item = { id: string; updated_at: number; created_at: number };

function matches(item: Item, query: SearchConversationsRequest['query']): boolean {
  if ('field' in query) {
    const value = item[query.field as keyof Item] as number;
    if (query.operator === '>') return value > (query.value as number);
    if (query.operator === '<') return value < (query.value as number);
    if (query.operator === '$') return String(value).endsWith(String(query.value));
    throw new Error(`unexpected operator ${query.operator}`);
  }
  return query.operator === 'AND'
    ? query.value.every((child) => matches(item, child))
    : query.value.some((child) => matches(item, child));
}

function items(
  count: number,
  updatedAt: (i: number) => number,
  createdAt: (i: number) => number,
  id: (i: number) => string = (i) => String(1000 + i),
): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    id: id(i),
    updated_at: updatedAt(i),
    created_at: createdAt(i),
  }));
}

describe('conversationPages over a stateless cursor without a tie-breaker', () => {
  test('lists every conversation sharing a second that straddles page borders, once', async () => {
    const api = new StatelessSearch();
    // 40 conversations over 8 seconds, five a second: every page of 7 ends inside a second.
    api.items = items(
      40,
      (i) => 200 + Math.floor(i / 5),
      (i) => 100 + i,
    );
    const pages = await collect(conversationPages(api, { updatedSince: 0, perPage: 7 }));
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(ids.length, 40, 'no duplicates');
    assert.deepEqual(new Set(ids), new Set(api.items.map((item) => item.id)), 'nothing dropped');
    // No cursor was followed, and a first sync never sends a negative time.
    assert.ok(api.bodies.every((body) => body.pagination?.starting_after === undefined));
    assert.deepEqual(api.bodies[0]?.query, { field: 'updated_at', operator: '>', value: 0 });
  });

  test('a second holding more than a page is listed by created_at within it', async () => {
    const api = new StatelessSearch();
    // A bulk action: 23 conversations updated in second 500, then two later ones.
    api.items = [
      ...items(
        23,
        () => 500,
        (i) => 100 + i,
      ),
      { id: '2000', updated_at: 501, created_at: 90 },
      { id: '2001', updated_at: 502, created_at: 91 },
    ];
    const seconds: { second: number; cursorFallback: boolean }[] = [];
    const pages = await collect(
      conversationPages(api, {
        updatedSince: 400,
        perPage: 5,
        onDenseSecond: (event) => seconds.push(event),
      }),
    );
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(ids.length, 25);
    assert.deepEqual(new Set(ids), new Set(api.items.map((item) => item.id)));
    assert.deepEqual(seconds, [{ second: 500, cursorFallback: false }]);
    assert.ok(api.bodies.some((body) => body.sort?.field === 'created_at'));
  });

  test("a second of creation inside a dense second is split by the ids' last digits, no cursor needed", async () => {
    const api = new StatelessSearch();
    // A campaign: 40 conversations created and updated in the same second.
    api.items = items(
      40,
      () => 500,
      () => 100,
    );
    const seconds: { second: number; cursorFallback: boolean }[] = [];
    const pages = await collect(
      conversationPages(api, {
        updatedSince: 500,
        perPage: 5,
        onDenseSecond: (event) => seconds.push(event),
      }),
    );
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    assert.equal(ids.length, 40);
    assert.deepEqual(new Set(ids), new Set(api.items.map((item) => item.id)));
    assert.deepEqual(seconds, [{ second: 500, cursorFallback: false }]);
    assert.ok(
      api.bodies.every((body) => body.pagination?.starting_after === undefined),
      'no cursor followed',
    );
  });

  test('ids no digit can split fall back to the cursor, and the listing says so', async () => {
    const api = new StatelessSearch();
    api.items = items(
      12,
      () => 500,
      () => 100,
      (i) => `conv-${String.fromCharCode(97 + i)}`,
    );
    const seconds: { second: number; cursorFallback: boolean }[] = [];
    const pages = await collect(
      conversationPages(api, {
        updatedSince: 500,
        perPage: 5,
        onDenseSecond: (event) => seconds.push(event),
      }),
    );
    // A cursor with no tie-breaker cannot page inside one second: what it may skip is reported, never
    // passed off as listed.
    assert.deepEqual(seconds, [{ second: 500, cursorFallback: true }]);
    const ids = new Set(pages.flatMap((page) => page.items.map((item) => item.id)));
    assert.ok(ids.size >= 5 && ids.size <= 12);
  });

  test('a cursor that never moves forward stops with an api error, not an endless loop', async () => {
    const api = new StatelessSearch();
    api.items = items(
      12,
      () => 500,
      () => 100,
      (i) => `conv-${String.fromCharCode(97 + i)}`,
    );
    api.stuckCursor = true;
    await assert.rejects(
      collect(conversationPages(api, { updatedSince: 500, perPage: 5 })),
      (error: unknown) => error instanceof FicError && error.code === 'api' && /cursor/.test(error.message),
    );
    assert.ok(api.bodies.length < 40, `${api.bodies.length} requests`);
  });

  test('a conversation updated while the listing runs comes again with its new time', async () => {
    const api = new StatelessSearch();
    api.items = items(
      10,
      (i) => 300 + i,
      (i) => 100 + i,
    );
    api.onRequest = (count) => {
      if (count === 2) api.items[0]!.updated_at = 400; // changed after the first page was listed
    };
    const pages = await collect(conversationPages(api, { updatedSince: 0, perPage: 4 }));
    const seen = pages.flatMap((page) => page.items.map((item) => `${item.id}@${item.updated_at}`));
    assert.equal(seen.length, 11);
    assert.ok(seen.includes('1000@300') && seen.includes('1000@400'));
  });
});
