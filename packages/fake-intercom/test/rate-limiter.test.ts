import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startFakeIntercom } from '../src/index.js';
import { RateLimiter } from '../src/rate-limiter.js';
import { api } from './fake-client.js';

describe('RateLimiter', () => {
  test('allows limit/6 per 10-second window and resets at the window boundary', () => {
    let now = 1_000_000_003_000; // 3 s into a window
    const limiter = new RateLimiter(60, () => now);
    const decisions = Array.from({ length: 12 }, () => limiter.take());
    assert.equal(decisions.filter((d) => d.allowed).length, 10);
    assert.equal(decisions[9]!.headers['X-RateLimit-Remaining'], '0');
    assert.equal(decisions[0]!.headers['X-RateLimit-Remaining'], '9');
    assert.equal(decisions[11]!.allowed, false);
    assert.equal(decisions[0]!.headers['X-RateLimit-Limit'], '60');
    assert.equal(decisions[0]!.headers['X-RateLimit-Reset'], '1000000010');
    now += 7_000; // next window
    const fresh = limiter.take();
    assert.equal(fresh.allowed, true);
    assert.equal(fresh.headers['X-RateLimit-Reset'], '1000000020');
  });

  test('0 means unlimited', () => {
    const limiter = new RateLimiter(0, () => 0);
    assert.ok(Array.from({ length: 500 }, () => limiter.take()).every((d) => d.allowed));
  });
});

describe('rate limiting over HTTP', () => {
  test('over budget: 429 rate_limit_exceeded with the headers', async () => {
    const fake = await startFakeIntercom({ conversations: 20, rateLimitPerMinute: 30 });
    try {
      const responses = [];
      for (let i = 0; i < 15; i++) responses.push(await api(fake, '/admins'));
      const limited = responses.filter((r) => r.status === 429);
      // 5 per window: even across a window boundary at most 10 of the 15 get through.
      assert.ok(limited.length >= 5);
      const response = limited[0]!;
      assert.equal(response.body.type, 'error.list');
      assert.equal(response.body.errors[0].code, 'rate_limit_exceeded');
      assert.equal(response.body.errors[0].message, 'Exceeded rate limit of 5 in 10_seconds');
      assert.equal(response.headers.get('x-ratelimit-limit'), '30');
      assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      assert.equal(reset % 10, 0);
      assert.equal(fake.stats().rateLimited, limited.length);
      // The test-control routes are never limited.
      assert.equal((await api(fake, '/_fake/truth')).status, 200);
    } finally {
      await fake.close();
    }
  });

  test('rateLimitPerMinute 0 never answers 429', async () => {
    const fake = await startFakeIntercom({ conversations: 20, rateLimitPerMinute: 0 });
    try {
      for (let i = 0; i < 40; i++) assert.equal((await api(fake, '/tags')).status, 200);
      assert.equal(fake.stats().rateLimited, 0);
    } finally {
      await fake.close();
    }
  });
});
