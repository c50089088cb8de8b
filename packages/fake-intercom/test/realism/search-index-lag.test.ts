/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeIntercom, FakeIntercomOptions } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;
const ASC = { field: 'updated_at', order: 'ascending' };
const ALL = { field: 'updated_at', operator: '>', value: 0 };

/** A fake on a clock the test moves (milliseconds); rate limiting off, as the clock stands still. */
async function fakeOnClock(
  options: FakeIntercomOptions,
): Promise<{ fake: FakeIntercom; clock: { now: number } }> {
  const clock = { now: 1_900_000_000_000 };
  const fake = await startFakeIntercom({
    conversations: 300,
    seed: 61,
    now: NOW,
    rateLimitPerMinute: 0,
    clock: () => clock.now,
    ...options,
  });
  return { fake, clock };
}

/** id -> updated_at as search shows it. */
async function searched(fake: FakeIntercom): Promise<Map<string, number>> {
  return new Map(
    (await searchAll(fake, ALL, ASC)).map((c: Json) => [c.id as string, c.updated_at as number]),
  );
}

test('changes reach search after a seeded delay within the lag; GET reads the record store at once', async () => {
  const { fake, clock } = await fakeOnClock({ realism: { searchIndexLagSeconds: 30 } });
  try {
    const before = await searched(fake);
    const at = NOW + 60;
    const result = fake.advance({ replies: 20, closes: 5, newConversations: 5, at });
    const now = await searched(fake);
    for (const id of result.created) {
      assert.equal(now.has(id), false, 'never indexed: hidden');
      assert.equal((await api(fake, `/conversations/${id}`)).status, 200);
    }
    for (const id of result.updated) {
      assert.equal(now.get(id), before.get(id), 'search shows the updated_at last indexed');
      assert.equal((await api(fake, `/conversations/${id}`)).body.updated_at, at);
    }
    const changedSince = await searchAll(fake, { field: 'updated_at', operator: '>', value: at - 1 }, ASC);
    assert.deepEqual(changedSince, [], 'an incremental sync sees none of it yet');
    const listed = (await api(fake, '/conversations?per_page=150')).body.conversations;
    assert.ok(
      listed.every((c: Json) => c.updated_at < at),
      'GET /conversations is the same index',
    );

    clock.now += 15_000;
    const halfway = await searched(fake);
    const visible = [...result.updated, ...result.created].filter((id) => halfway.get(id) === at);
    assert.ok(visible.length > 0 && visible.length < result.updated.length + result.created.length);

    clock.now += 15_000;
    const later = await searched(fake);
    for (const id of [...result.updated, ...result.created]) assert.equal(later.get(id), at);
  } finally {
    await fake.close();
  }
});

test('changes show up out of order: a later change can be searchable before an earlier one', async () => {
  const { fake, clock } = await fakeOnClock({ realism: { searchIndexLagSeconds: 30 } });
  try {
    const first = fake.advance({ newConversations: 15, at: NOW + 10 });
    clock.now += 10_000;
    const second = fake.advance({ newConversations: 15, at: NOW + 20 });
    clock.now += 12_000;
    const seen = await searched(fake);
    const earlyMissing = first.created.filter((id) => !seen.has(id));
    const lateVisible = second.created.filter((id) => seen.has(id));
    assert.ok(earlyMissing.length > 0, 'some earlier changes are still pending');
    assert.ok(lateVisible.length > 0, 'while some later ones are already searchable');
  } finally {
    await fake.close();
  }
});

test('holdSearchIndex keeps changes out of search until a flush; flush shows everything', async () => {
  const { fake, clock } = await fakeOnClock({ realism: { searchIndexLagSeconds: 30 } });
  try {
    const at = NOW + 60;
    const result = fake.advance({ replies: 12, at });
    const held = result.updated.slice(0, 3);
    fake.holdSearchIndex(held);
    clock.now += 31_000;
    let seen = await searched(fake);
    for (const id of held) assert.notEqual(seen.get(id), at);
    for (const id of result.updated.slice(3)) assert.equal(seen.get(id), at);

    // A hold also covers changes made later, even with no lag at all.
    fake.setSearchIndexLag(0);
    const target = fake.truth().conversations[0]!.id;
    fake.holdSearchIndex([target]);
    fake.deleteConversations([target], at);
    assert.equal((await api(fake, `/conversations/${target}`)).status, 404);
    seen = await searched(fake);
    assert.ok(seen.has(target), 'a deleted conversation stays listed until its deletion is indexed');

    assert.equal((await api(fake, '/_fake/search-index/flush', { method: 'POST' })).status, 200);
    seen = await searched(fake);
    for (const id of held) assert.equal(seen.get(id), at);
    assert.equal(seen.has(target), false);

    // Released by the flush: with no lag, changes are searchable at once again.
    const next = fake.advance({ replies: 5, at: at + 1 });
    seen = await searched(fake);
    for (const id of next.updated) assert.equal(seen.get(id), at + 1);
  } finally {
    await fake.close();
  }
});

test('the search result shows the indexed updated_at, filters and sorts on it; other fields are current', async () => {
  const { fake } = await fakeOnClock({ realism: { searchIndexLagSeconds: 1000 } });
  try {
    const at = NOW + 60;
    const result = fake.advance({ closes: 10, at });
    const id = result.updated[0]!;
    const [item] = await searchAll(fake, { field: 'id', operator: '=', value: id }, undefined);
    const current = (await api(fake, `/conversations/${id}`)).body;
    assert.ok(item.updated_at < at);
    assert.equal(current.updated_at, at);
    assert.equal(item.state, current.state, 'state comes from the record store');
    const ascending = await searchAll(fake, ALL, ASC);
    for (let i = 1; i < ascending.length; i++)
      assert.ok(ascending[i - 1].updated_at <= ascending[i].updated_at);
    fake.flushSearchIndex();
    const [flushed] = await searchAll(fake, { field: 'id', operator: '=', value: id }, undefined);
    assert.equal(flushed.updated_at, at);
  } finally {
    await fake.close();
  }
});

test('setSearchIndexLag changes the lag for later changes; the realistic default is 30 s', async () => {
  const { fake, clock } = await fakeOnClock({ realistic: true });
  try {
    assert.equal(fake.realism.searchIndexLagSeconds, 30);
    const hidden = fake.advance({ newConversations: 10, at: NOW + 1 });
    const before = await searched(fake);
    assert.ok(hidden.created.some((id) => !before.has(id)));
    fake.setSearchIndexLag(0);
    const shown = fake.advance({ newConversations: 3, at: NOW + 2 });
    const seen = await searched(fake);
    for (const id of shown.created) assert.ok(seen.has(id));
    clock.now += 30_000;
    const all = await searched(fake);
    for (const id of hidden.created) assert.ok(all.has(id));
    const lag = await api(fake, '/_fake/search-index/lag', { body: { seconds: 5, contactSeconds: 7 } });
    assert.equal(lag.status, 200);
    assert.equal((await api(fake, '/_fake/search-index/lag', { body: { seconds: -1 } })).status, 400);
  } finally {
    await fake.close();
  }
});

test('contact search lags new contacts and edits; GET /contacts/{id} finds them at once', async () => {
  const { fake, clock } = await fakeOnClock({ realism: { contactSearchLagSeconds: 120 } });
  const byIds = async (ids: string[]): Promise<Json[]> =>
    (
      await api(fake, '/contacts/search', {
        body: { query: { field: 'id', operator: 'IN', value: ids }, pagination: { per_page: 150 } },
      })
    ).body.data;
  try {
    const at = NOW + 60;
    const result = fake.advance({ newContacts: 4, contactEdits: 4, at });
    assert.equal(result.newContacts.length, 4);
    for (const id of result.newContacts) assert.equal((await api(fake, `/contacts/${id}`)).status, 200);
    assert.deepEqual(await byIds(result.newContacts), [], 'new contacts are not searchable yet');
    // The conversations they started are (conversation search has no lag here).
    const conversations = await searchAll(fake, { field: 'updated_at', operator: '>', value: at - 1 }, ASC);
    assert.equal(conversations.length, 4);

    const edited = await byIds(result.contactEdits);
    assert.equal(edited.length, 4, 'edited contacts stay searchable...');
    assert.ok(
      edited.every((contact: Json) => contact.updated_at < at),
      '...with the updated_at last indexed',
    );
    const sinceAt = await api(fake, '/contacts/search', {
      body: { query: { field: 'updated_at', operator: '>', value: at - 1 } },
    });
    assert.equal(sinceAt.body.total_count, 0);
    for (const id of result.contactEdits)
      assert.equal((await api(fake, `/contacts/${id}`)).body.updated_at, at);

    clock.now += 120_000;
    assert.equal((await byIds(result.newContacts)).length, 4);
    assert.ok((await byIds(result.contactEdits)).every((contact: Json) => contact.updated_at === at));
  } finally {
    await fake.close();
  }
});

test('holdSearchIndex takes contact ids; flushSearchIndex flushes contacts too', async () => {
  const { fake } = await fakeOnClock({ realism: { contactSearchLagSeconds: 0 } });
  try {
    fake.holdSearchIndex(fake.truth().contacts.map((contact) => contact.id as string));
    const { contactEdits } = fake.advance({ contactEdits: 30, at: NOW + 60 });
    assert.ok(contactEdits.length > 5);
    const { newContacts } = fake.advance({ newContacts: 1, at: NOW + 61 });
    const query = { field: 'updated_at', operator: '>', value: NOW + 59 };
    const before = await api(fake, '/contacts/search', { body: { query, pagination: { per_page: 150 } } });
    assert.deepEqual(
      before.body.data.map((contact: Json) => contact.id),
      newContacts,
      'held edits stay out of search; a contact not held shows at once',
    );
    assert.equal((await api(fake, '/_fake/search-index/hold', { body: { ids: 'x' } })).status, 400);
    fake.flushSearchIndex();
    const after = await api(fake, '/contacts/search', { body: { query, pagination: { per_page: 150 } } });
    assert.equal(after.body.total_count, contactEdits.length + 1);
  } finally {
    await fake.close();
  }
});
