import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;

test('advance() mutates the workspace like live traffic and bumps updated_at', async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 21, now: NOW });
  try {
    const before = new Map(fake.truth().conversations.map((c) => [c.id, c]));
    const at = NOW + 3600;
    const result = fake.advance({
      newConversations: 4,
      replies: 10,
      closes: 5,
      reopens: 3,
      notes: 2,
      assignments: 2,
      at,
    });
    assert.equal(result.at, at);
    assert.equal(result.created.length, 4);
    assert.ok(result.updated.length >= 10 && result.updated.length <= 22);
    const after = new Map(fake.truth().conversations.map((c) => [c.id, c]));
    assert.equal(after.size, 404);
    for (const id of result.created) {
      assert.equal(before.has(id), false);
      assert.equal(after.get(id)!.created_at, at);
      assert.equal((await api(fake, `/conversations/${id}`)).status, 200);
    }
    for (const id of result.updated) {
      const [old, now] = [before.get(id)!, after.get(id)!];
      assert.equal(now.updated_at, at);
      assert.ok(now.parts_total_count > old.parts_total_count);
      if (now.parts_total_count <= 500) {
        const kept = now.parts.slice(0, old.parts.length).map((p) => p.id);
        assert.deepEqual(
          kept,
          old.parts.map((p) => p.id),
          'existing parts are kept, new ones appended',
        );
      }
    }
    for (const [id, c] of after)
      if (!result.updated.includes(id) && !result.created.includes(id)) assert.deepEqual(c, before.get(id));
    // A sync asking for everything changed since just before `at` gets exactly the changed conversations.
    const changed = await searchAll(
      fake,
      { field: 'updated_at', operator: '>', value: at - 1 },
      { field: 'updated_at', order: 'ascending' },
    );
    assert.deepEqual(
      changed.map((c: Json) => c.id as string).sort(),
      [...result.updated, ...result.created].sort(),
    );
    const reopened = [...after.values()].filter(
      (c) =>
        c.parts.at(-2)?.part_type === 'open' &&
        c.parts.at(-2)?.created_at === at &&
        c.parts.at(-1)?.part_type === 'comment',
    );
    assert.ok(reopened.length >= 3);
    assert.ok(reopened.every((c) => c.state === 'open' && !c.read));
  } finally {
    await fake.close();
  }
});

test('POST /_fake/advance and GET /_fake/truth mirror advance() and truth()', async () => {
  const one = await startFakeIntercom({ conversations: 100, seed: 22, now: NOW });
  const two = await startFakeIntercom({ conversations: 100, seed: 22, now: NOW });
  try {
    const changes = { replies: 5, closes: 2, newConversations: 1, at: NOW + 60 };
    const viaHttp = await api(one, '/_fake/advance', { body: changes });
    assert.equal(viaHttp.status, 200);
    assert.deepEqual(viaHttp.body, two.advance(changes));
    const truth = await api(one, '/_fake/truth');
    assert.deepEqual(truth.body, JSON.parse(JSON.stringify(two.truth())));
    const bad = await api(one, '/_fake/advance', { body: { replies: -1 } });
    assert.equal(bad.status, 400);
    assert.equal((await api(one, '/_fake/truth', { token: null })).status, 401);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test('advance() without `at` never goes back in time', async () => {
  const fake = await startFakeIntercom({ conversations: 50, seed: 23 });
  try {
    const first = fake.advance({ replies: 3 });
    const second = fake.advance({ replies: 3 });
    assert.ok(second.at >= first.at);
    for (const c of fake.truth().conversations) assert.ok(c.updated_at <= second.at);
  } finally {
    await fake.close();
  }
});

test('advance() at a past second only touches conversations last active by then, and moves them to it', async () => {
  const fake = await startFakeIntercom({ conversations: 300, seed: 24, now: NOW });
  try {
    const before = new Map(fake.truth().conversations.map((c) => [c.id, c.updated_at]));
    const at = [...before.values()].sort((a, b) => a - b)[200]!;
    const result = fake.advance({ replies: 8, closes: 4, notes: 3, at });
    assert.ok(result.updated.length > 0);
    const after = new Map(fake.truth().conversations.map((c) => [c.id, c.updated_at]));
    for (const id of result.updated) {
      assert.ok(before.get(id)! <= at);
      assert.equal(after.get(id), at);
    }
  } finally {
    await fake.close();
  }
});
