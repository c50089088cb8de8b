import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;

describe('persistent failures of GET /conversations/{id}', () => {
  let fake: FakeIntercom;
  let ids: string[];
  before(async () => {
    fake = await startFakeIntercom({ conversations: 40, seed: 81, now: NOW });
    ids = fake.truth().conversations.map((c) => c.id);
  });
  after(() => fake.close());

  for (const [kind, status, code] of [
    ['500', 500, 'server_error'],
    ['503', 503, 'service_unavailable'],
    ['403', 403, 'forbidden'],
    ['404', 404, 'not_found'],
  ] as const) {
    test(`${kind}: every request fails the same way until healed`, async () => {
      const [failing, healthy] = [ids[0]!, ids[1]!];
      fake.failConversations([failing], kind);
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await api(fake, `/conversations/${failing}`);
        assert.equal(response.status, status);
        assert.equal(response.body.type, 'error.list');
        assert.equal(response.body.errors[0].code, code);
      }
      assert.equal((await api(fake, `/conversations/${healthy}`)).status, 200);
      fake.healConversations([failing]);
      assert.equal((await api(fake, `/conversations/${failing}`)).status, 200);
    });
  }

  test('malformed: a 200 of valid JSON a conversation schema rejects', async () => {
    const id = ids[2]!;
    fake.failConversations([id], 'malformed');
    const response = await api(fake, `/conversations/${id}`);
    assert.equal(response.status, 200);
    assert.ok(response.body !== undefined, 'the body parses');
    assert.equal(response.body.id, id);
    assert.equal(response.body.conversation_parts, undefined);
    assert.equal(typeof response.body.created_at, 'string');
    fake.healConversations();
    assert.equal(typeof (await api(fake, `/conversations/${id}`)).body.created_at, 'number');
  });

  test('hang: never answered, only the client timeout ends it; search is unaffected', async () => {
    const id = ids[3]!;
    fake.failConversations([id], 'hang');
    const hung = fetch(`${fake.url}/conversations/${id}`, {
      headers: { Authorization: `Bearer ${fake.token}` },
      signal: AbortSignal.timeout(200),
    });
    await assert.rejects(hung, { name: 'TimeoutError' });
    const found = await searchAll(fake, { field: 'id', operator: '=', value: id }, undefined);
    assert.equal(found.length, 1);
    fake.healConversations([id]);
    assert.equal((await api(fake, `/conversations/${id}`)).status, 200);
  });

  test('POST /_fake/fail and /_fake/heal drive the same failures; stats count them', async () => {
    const pair = [ids[4]!, ids[5]!];
    assert.equal((await api(fake, '/_fake/fail', { body: { ids: pair, kind: '503' } })).status, 200);
    for (const id of pair) assert.equal((await api(fake, `/conversations/${id}`)).status, 503);
    assert.equal((await api(fake, '/_fake/heal', { body: { ids: [pair[0]] } })).status, 200);
    assert.equal((await api(fake, `/conversations/${pair[0]}`)).status, 200);
    assert.equal((await api(fake, `/conversations/${pair[1]}`)).status, 503);
    assert.equal((await api(fake, '/_fake/heal', { method: 'POST' })).status, 200);
    assert.equal((await api(fake, `/conversations/${pair[1]}`)).status, 200);
    assert.ok((fake.stats().faults.persistent_503 ?? 0) >= 3);
    const bad = await api(fake, '/_fake/fail', { body: { ids: pair, kind: '418' } });
    assert.equal(bad.status, 400);
    assert.throws(() => fake.failConversations(pair, 'teapot' as never), /Unknown failure kind/);
  });
});
