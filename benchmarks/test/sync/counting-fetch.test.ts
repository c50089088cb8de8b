import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { countingFetch, emptyRequestCounts, routeOf } from '../../src/sync/counting-fetch.js';

test('routes name the method and the path with ids replaced', () => {
  assert.equal(
    routeOf('http://x/conversations/215000016003?display_as=plaintext'),
    'GET /conversations/{id}',
  );
  assert.equal(routeOf('http://x/conversations/search', { method: 'post' }), 'POST /conversations/search');
  assert.equal(routeOf(new URL('http://x/contacts/6a1b2c')), 'GET /contacts/{id}');
  assert.equal(routeOf('http://x/admins'), 'GET /admins');
});

test('requests, 429s and response bytes are counted on the wire', async () => {
  const fake = await startFakeIntercom({ conversations: 5, rateLimitPerMinute: 6 }); // 1 per 10-second window
  try {
    const counts = emptyRequestCounts();
    const counted = countingFetch(globalThis.fetch, counts);
    const headers = { authorization: `Bearer ${fake.token}` };
    const first = await counted(`${fake.url}/admins`, { headers });
    const body = await first.text();
    const second = await counted(`${fake.url}/admins`, { headers });
    await second.text();
    assert.equal(first.status, 200);
    assert.equal(second.status, 429);
    assert.deepEqual(counts.byRoute, { 'GET /admins': 2 });
    assert.equal(counts.requests, 2);
    assert.equal(counts.rateLimited, 1);
    assert.equal(counts.failed, 0);
    assert.equal(counts.responseBytes, Buffer.byteLength(body));
  } finally {
    await fake.close();
  }
});
