/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;

async function deletedPages(fake: FakeIntercom, query: string): Promise<Json[]> {
  const pages: Json[] = [];
  let next: string | undefined = `${fake.url}/conversations/deleted${query}`;
  while (next !== undefined) {
    // pages.next is a full URL back to this fake: follow it as it is.
    const response = await fetch(next, { headers: { Authorization: `Bearer ${fake.token}` } });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Json;
    pages.push(body);
    next = body.pages.next;
  }
  return pages;
}

test('deleted conversations answer 404, leave search and truth, and are listed with deleted_at', async () => {
  const fake = await startFakeIntercom({ conversations: 200, seed: 71, now: NOW });
  try {
    const ids = fake
      .truth()
      .conversations.slice(10, 15)
      .map((c) => c.id);
    fake.deleteConversations(ids, NOW + 5);
    for (const id of ids) {
      const response = await api(fake, `/conversations/${id}`);
      assert.equal(response.status, 404);
      assert.equal(response.body.errors[0].code, 'not_found');
    }
    const searched = await searchAll(fake, { field: 'updated_at', operator: '>', value: 0 }, undefined);
    assert.equal(searched.length, 195);
    assert.ok(searched.every((c: Json) => !ids.includes(c.id)));
    assert.equal((await api(fake, '/conversations?per_page=150')).body.total_count, 195);
    const truth = fake.truth();
    assert.equal(truth.conversations.length, 195);
    assert.deepEqual(
      truth.deleted,
      ids.map((id) => ({ id, deleted_at: NOW + 5 })),
    );
    const list = (await api(fake, '/conversations/deleted')).body;
    assert.equal(list.type, 'conversations.list');
    assert.equal(list.total_count, 5);
    assert.deepEqual(list.pages, { type: 'pages', page: 1, per_page: 20, total_pages: 1 });
    assert.deepEqual(
      list.conversations.map((c: Json) => c.id),
      [...ids].reverse(),
      'desc by default: same deleted_at, so by id descending',
    );
    for (const c of list.conversations) {
      assert.deepEqual(Object.keys(c), ['type', 'id', 'metrics_retained', 'deleted_at']);
      assert.equal(c.type, 'conversation');
      assert.equal(typeof c.metrics_retained, 'boolean');
      assert.equal(c.deleted_at, NOW + 5);
    }
  } finally {
    await fake.close();
  }
});

test('GET /conversations/deleted pages by number: per_page (default 20, at most 60), order, page', async () => {
  const fake = await startFakeIntercom({ conversations: 300, seed: 72, now: NOW });
  try {
    const ids = fake.truth().conversations.map((c) => c.id);
    // 130 deletions over 13 seconds: ten share each second, so ties are broken by id.
    for (let second = 0; second < 13; second++)
      fake.deleteConversations(ids.slice(second * 10 + 50, second * 10 + 60), NOW + 100 + (12 - second));
    const expectedAsc = fake
      .truth()
      .deleted.sort((a, b) => a.deleted_at - b.deleted_at || (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((d) => d.id);

    const asc = await deletedPages(fake, '?per_page=60&order=asc');
    assert.equal(asc.length, 3);
    assert.deepEqual(
      asc.map((page) => [
        page.pages.page,
        page.pages.per_page,
        page.pages.total_pages,
        page.conversations.length,
      ]),
      [
        [1, 60, 3, 60],
        [2, 60, 3, 60],
        [3, 60, 3, 10],
      ],
    );
    assert.ok(asc.every((page) => page.total_count === 130));
    assert.equal(asc[2]!.pages.next, undefined, 'no next on the last page');
    assert.match(asc[0]!.pages.next, /\/conversations\/deleted\?per_page=60&order=asc&page=2$/);
    assert.deepEqual(
      asc.flatMap((page) => page.conversations.map((c: Json) => c.id)),
      expectedAsc,
    );
    const desc = await deletedPages(fake, '?per_page=60');
    assert.deepEqual(
      desc.flatMap((page) => page.conversations.map((c: Json) => c.id)),
      [...expectedAsc].reverse(),
    );
    const byDefault = await deletedPages(fake, '');
    assert.equal(byDefault.length, 7);
    assert.equal(byDefault[0]!.conversations.length, 20);
    const third = (await api(fake, '/conversations/deleted?per_page=25&page=3&order=asc')).body;
    assert.deepEqual(
      third.conversations.map((c: Json) => c.id),
      expectedAsc.slice(50, 75),
    );
    const beyond = (await api(fake, '/conversations/deleted?page=99')).body;
    assert.deepEqual(beyond.conversations, []);
    assert.equal(beyond.total_count, 130);
    for (const query of ['per_page=61', 'per_page=0', 'page=0', 'order=newest', 'per_page=abc']) {
      const bad = await api(fake, `/conversations/deleted?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.body.errors[0].code, 'parameter_invalid');
    }
  } finally {
    await fake.close();
  }
});

test('POST /_fake/delete: unknown ids answer 404 and delete nothing; deleting twice is a no-op', async () => {
  const fake = await startFakeIntercom({ conversations: 50, seed: 73, now: NOW });
  try {
    const [a, b] = fake.truth().conversations.map((c) => c.id);
    const unknown = await api(fake, '/_fake/delete', { body: { ids: [a, '999'] } });
    assert.equal(unknown.status, 404);
    assert.equal((await api(fake, `/conversations/${a}`)).status, 200, 'nothing was deleted');
    assert.throws(() => fake.deleteConversations(['abc']), /not found/);
    const first = await api(fake, '/_fake/delete', { body: { ids: [a], at: NOW + 9 } });
    assert.deepEqual(first.body, { deleted: [a] });
    const again = await api(fake, '/_fake/delete', { body: { ids: [a, b], at: NOW + 20 } });
    assert.deepEqual(again.body, { deleted: [b] });
    assert.deepEqual(fake.truth().deleted, [
      { id: a, deleted_at: NOW + 9 },
      { id: b, deleted_at: NOW + 20 },
    ]);
    assert.equal((await api(fake, '/_fake/delete', { body: { ids: 'nope' } })).status, 400);
    // Without `at`, deleted_at is now (and never before the workspace's latest activity).
    const [c] = fake.truth().conversations.map((conversation) => conversation.id);
    fake.deleteConversations([c!]);
    assert.ok(fake.truth().deleted.at(-1)!.deleted_at >= Math.floor(Date.now() / 1000) - 1);
  } finally {
    await fake.close();
  }
});

test('advance({deletions}) deletes seeded conversations and reports them', async () => {
  const one = await startFakeIntercom({ conversations: 200, seed: 74, now: NOW });
  const two = await startFakeIntercom({ conversations: 200, seed: 74, now: NOW });
  try {
    const result = one.advance({ replies: 5, deletions: 6, at: NOW + 30 });
    assert.deepEqual(
      (await api(two, '/_fake/advance', { body: { replies: 5, deletions: 6, at: NOW + 30 } })).body,
      result,
    );
    assert.equal(result.deleted.length, 6);
    assert.equal(new Set(result.deleted).size, 6);
    assert.ok(result.updated.every((id) => !result.deleted.includes(id)));
    for (const id of result.deleted) assert.equal((await api(one, `/conversations/${id}`)).status, 404);
    const truth = one.truth();
    assert.equal(truth.conversations.length, 194);
    assert.deepEqual(
      truth.deleted.map((d) => d.id),
      result.deleted,
    );
    assert.ok(truth.deleted.every((d) => d.deleted_at === NOW + 30));
    // Later traffic never touches a deleted conversation.
    const later = one.advance({ replies: 50, notes: 20, at: NOW + 40 });
    assert.ok(later.updated.every((id) => !result.deleted.includes(id)));
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});
