/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, search, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;
const AT = NOW + 100;
const ASC = { field: 'updated_at', order: 'ascending' };

/** A workspace where 200 conversations (and 200 contacts) share one second, AT: a bulk action. */
async function bulkWorkspace(tieLessCursor: boolean): Promise<FakeIntercom> {
  const fake = await startFakeIntercom({
    conversations: 300,
    seed: 51,
    now: NOW,
    realism: { tieLessCursor },
  });
  fake.advance({ newConversations: 200, newContacts: 200, at: AT });
  return fake;
}

async function contactsFollowingCursor(fake: FakeIntercom): Promise<Json[]> {
  const all: Json[] = [];
  let startingAfter: string | undefined;
  do {
    const page = await api(fake, '/contacts/search', {
      body: {
        query: { field: 'created_at', operator: '>', value: AT - 1 },
        pagination: { per_page: 150, starting_after: startingAfter },
      },
    });
    all.push(...page.body.data);
    startingAfter = page.body.pages.next?.starting_after;
  } while (startingAfter !== undefined);
  return all;
}

test('tie-less cursor: a naive cursor follower skips same-second items beyond the page', async () => {
  const fake = await bulkWorkspace(true);
  try {
    const query = { field: 'updated_at', operator: '>', value: AT - 1 };
    const first = await search(fake, { query, sort: ASC, pagination: { per_page: 150 } });
    assert.equal(first.body.total_count, 400, '200 started conversations and the 200 new contacts’ ones');
    assert.ok(first.body.conversations.every((c: Json) => c.updated_at === AT));
    // The cursor holds only the last sort value and the page number: no tie-breaker.
    const cursor = first.body.pages.next.starting_after;
    assert.deepEqual(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')), [AT, 1]);
    const second = await search(fake, {
      query,
      sort: ASC,
      pagination: { per_page: 150, starting_after: cursor },
    });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.conversations, [], 'nothing is strictly after AT');
    const followed = await searchAll(fake, query, ASC);
    assert.equal(followed.length, 150, '250 of 400 were skipped');

    // Over the whole workspace the skip happens only at the tied second.
    const everything = await searchAll(fake, { field: 'updated_at', operator: '>', value: 0 }, ASC);
    const total = fake.truth().conversations.length;
    assert.ok(everything.length < total);
    const seen = new Set(everything.map((c: Json) => c.id));
    const missed = fake.truth().conversations.filter((c) => !seen.has(c.id));
    assert.ok(missed.length > 0 && missed.every((c) => c.updated_at === AT));

    const contacts = await contactsFollowingCursor(fake);
    assert.equal(contacts.length, 150, 'contact search skips the same way (200 share created_at)');
  } finally {
    await fake.close();
  }
});

test('with the tie-breaking cursor (plain), the same walk returns every item once', async () => {
  const fake = await bulkWorkspace(false);
  try {
    const query = { field: 'updated_at', operator: '>', value: AT - 1 };
    const followed = await searchAll(fake, query, ASC);
    assert.equal(followed.length, 400);
    assert.equal(new Set(followed.map((c: Json) => c.id)).size, 400);
    const first = await search(fake, { query, sort: ASC, pagination: { per_page: 150 } });
    const cursor = JSON.parse(
      Buffer.from(first.body.pages.next.starting_after, 'base64url').toString('utf8'),
    );
    assert.equal(cursor.length, 3, '(key, index, page)');
    assert.equal((await contactsFollowingCursor(fake)).length, 200);
  } finally {
    await fake.close();
  }
});

test('a tie-less cursor walks descending too, and a cursor from either mode is understood by both', async () => {
  const tieLess = await bulkWorkspace(true);
  const plain = await bulkWorkspace(false);
  try {
    const query = { field: 'updated_at', operator: '>', value: 0 };
    const descending = await searchAll(tieLess, query, { field: 'updated_at', order: 'descending' });
    for (let i = 1; i < descending.length; i++)
      assert.ok(descending[i - 1].updated_at >= descending[i].updated_at);
    assert.equal(new Set(descending.map((c: Json) => c.id)).size, descending.length);
    const plainFirst = await search(plain, { query, sort: ASC, pagination: { per_page: 100 } });
    const onTieLess = await search(tieLess, {
      query,
      sort: ASC,
      pagination: { per_page: 100, starting_after: plainFirst.body.pages.next.starting_after },
    });
    assert.equal(onTieLess.status, 200);
    assert.equal(onTieLess.body.pages.page, 2);
  } finally {
    await Promise.all([tieLess.close(), plain.close()]);
  }
});
