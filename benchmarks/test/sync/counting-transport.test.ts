import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHttpTransport } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { countingTransport, emptyRequestCounts, routeOf } from '../../src/sync/counting-transport.js';

test('routes name the method and the path with ids replaced', () => {
  assert.equal(
    routeOf('http://x/conversations/215000016003?display_as=plaintext'),
    'GET /conversations/{id}',
  );
  assert.equal(routeOf('http://x/conversations/search', 'post'), 'POST /conversations/search');
  assert.equal(routeOf(new URL('http://x/contacts/6a1b2c')), 'GET /contacts/{id}');
  assert.equal(routeOf('http://x/admins'), 'GET /admins');
});

test('requests, 429s and response bytes are counted on the wire', async () => {
  const fake = await startFakeIntercom({ conversations: 5, rateLimitPerMinute: 6 }); // 1 per 10-second window
  try {
    const counts = emptyRequestCounts();
    const counted = countingTransport(nodeHttpTransport(), counts);
    const request = {
      method: 'GET' as const,
      url: `${fake.url}/admins`,
      headers: { authorization: `Bearer ${fake.token}` },
      body: undefined,
      signal: new AbortController().signal,
    };
    const first = await counted(request);
    const second = await counted(request);
    assert.equal(first.status, 200);
    assert.equal(second.status, 429);
    assert.deepEqual(counts.byRoute, { 'GET /admins': 2 });
    assert.equal(counts.requests, 2);
    assert.equal(counts.rateLimited, 1);
    assert.equal(counts.failed, 0);
    assert.equal(counts.responseBytes, Buffer.byteLength(first.text));
  } finally {
    await fake.close();
  }
});
