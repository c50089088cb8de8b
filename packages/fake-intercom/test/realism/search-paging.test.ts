/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, search } from '../fake-client.js';

const NOW = 1_780_000_000;

test('a stuck cursor answers every cursor request with the first page again and a fresh cursor', async () => {
  for (const realistic of [false, true]) {
    const fake = await startFakeIntercom({
      conversations: 300,
      seed: 97,
      now: NOW,
      realistic,
      rateLimitPerMinute: 0,
    });
    try {
      const body = (startingAfter?: string): Json => ({
        query: { field: 'updated_at', operator: '>', value: 0 },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 50, starting_after: startingAfter },
      });
      const first = (await search(fake, body())).body;
      const firstIds = first.conversations.map((c: Json) => c.id);
      fake.setStuckCursor(true);
      const cursors = new Set<string>([first.pages.next.starting_after]);
      let cursor: string = first.pages.next.starting_after;
      for (let hop = 0; hop < 5; hop++) {
        const page = (await search(fake, body(cursor))).body;
        assert.deepEqual(
          page.conversations.map((c: Json) => c.id),
          firstIds,
          'the same first page',
        );
        cursor = page.pages.next.starting_after;
        assert.ok(!cursors.has(cursor), 'a cursor never seen before');
        cursors.add(cursor);
      }
      const contactQuery = (startingAfter?: string): Json => ({
        query: { field: 'created_at', operator: '>', value: 0 },
        pagination: { per_page: 20, starting_after: startingAfter },
      });
      const contacts = (await api(fake, '/contacts/search', { body: contactQuery() })).body;
      const again = (
        await api(fake, '/contacts/search', { body: contactQuery(contacts.pages.next.starting_after) })
      ).body;
      assert.deepEqual(again.data, contacts.data);
      assert.notEqual(again.pages.next.starting_after, contacts.pages.next.starting_after);

      assert.equal((await api(fake, '/_fake/stuck-cursor', { body: { on: false } })).status, 200);
      const moving = (await search(fake, body(first.pages.next.starting_after))).body;
      assert.ok(
        moving.conversations.every((c: Json) => !firstIds.includes(c.id)),
        'unstuck: the cursor moves on',
      );
      assert.equal((await api(fake, '/_fake/stuck-cursor', { body: { on: 'yes' } })).status, 400);
    } finally {
      await fake.close();
    }
  }
});

test('emptyCursorOnLastPage: the last page says next: null (plain: no next)', async () => {
  const plain = await startFakeIntercom({ conversations: 30, seed: 98, now: NOW });
  const real = await startFakeIntercom({
    conversations: 30,
    seed: 98,
    now: NOW,
    realism: { emptyCursorOnLastPage: true },
  });
  try {
    const request = { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 50 } };
    const plainPages = (await search(plain, request)).body.pages;
    assert.equal('next' in plainPages, false);
    const realPages = (await search(real, request)).body.pages;
    assert.equal(realPages.next, null);
    assert.equal((await api(real, '/conversations?per_page=50')).body.pages.next, null);
    const contacts = await api(real, '/contacts/search', {
      body: { query: { field: 'created_at', operator: '>', value: 0 }, pagination: { per_page: 150 } },
    });
    assert.equal(contacts.body.pages.next, null);
    const more = (await search(real, { ...request, pagination: { per_page: 10 } })).body.pages;
    assert.equal(typeof more.next.starting_after, 'string');
  } finally {
    await Promise.all([plain.close(), real.close()]);
  }
});

test('maxContactSearchIdValues: a longer id IN list answers 400 parameter_invalid', async () => {
  const fake = await startFakeIntercom({ conversations: 200, seed: 99, now: NOW, realistic: true });
  const plain = await startFakeIntercom({ conversations: 200, seed: 99, now: NOW });
  try {
    const ids = fake.truth().contacts.map((contact) => contact.id as string);
    assert.ok(ids.length > 51);
    const query = (count: number): Json => ({ field: 'id', operator: 'IN', value: ids.slice(0, count) });
    const ok = await api(fake, '/contacts/search', {
      body: { query: query(50), pagination: { per_page: 150 } },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.total_count, 50);
    for (const body of [
      { query: query(51) },
      { query: { operator: 'OR', value: [query(51), { field: 'role', operator: '=', value: 'lead' }] } },
    ]) {
      const tooMany = await api(fake, '/contacts/search', { body });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.type, 'error.list');
      assert.equal(tooMany.body.errors[0].code, 'parameter_invalid');
      assert.match(tooMany.body.errors[0].message, /too many values/);
    }
    assert.equal((await api(plain, '/contacts/search', { body: { query: query(150) } })).status, 200);
  } finally {
    await Promise.all([fake.close(), plain.close()]);
  }
});
