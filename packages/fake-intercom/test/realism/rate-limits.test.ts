import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeIntercom, FakeIntercomOptions } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;
/** A fixed clock (ms) at the start of a 10-second window, so a test never straddles two. */
const WINDOW_START_MS = 1_900_000_000_000;

function onClock(options: FakeIntercomOptions, clock: { now: number }): Promise<FakeIntercom> {
  return startFakeIntercom({ conversations: 10, seed: 95, now: NOW, clock: () => clock.now, ...options });
}

test('perWindowRateLimitHeaders: X-RateLimit-Limit is the 10-second budget; the 429 says so, without Retry-After', async () => {
  const clock = { now: WINDOW_START_MS };
  const window = await onClock({ realism: { perWindowRateLimitHeaders: true } }, clock);
  const perMinute = await onClock({}, clock);
  const small = await onClock(
    { rateLimitPerMinute: 60, realism: { perWindowRateLimitHeaders: true } },
    clock,
  );
  try {
    const response = await api(window, '/admins');
    assert.equal(response.headers.get('x-ratelimit-limit'), '1666');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '1665');
    assert.equal(response.headers.get('x-ratelimit-reset'), String(WINDOW_START_MS / 1000 + 10));
    assert.equal((await api(perMinute, '/admins')).headers.get('x-ratelimit-limit'), '10000');
    const realistic = await startFakeIntercom({ conversations: 5, seed: 95, now: NOW, realistic: true });
    try {
      const headers = (await api(realistic, '/tags')).headers;
      // 10,000 a minute is 1666 a 10-second window (a response may go without the headers: realistic).
      assert.ok(headers.get('x-ratelimit-limit') === null || headers.get('x-ratelimit-limit') === '1666');
    } finally {
      await realistic.close();
    }
    const remaining: string[] = [];
    for (let i = 0; i < 10; i++)
      remaining.push((await api(small, '/tags')).headers.get('x-ratelimit-remaining')!);
    assert.deepEqual(remaining, ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const limited = await api(small, '/tags');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body.errors, [
      { code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10 in 10_seconds' },
    ]);
    assert.equal(limited.headers.get('retry-after'), null);
    assert.equal(limited.headers.get('x-ratelimit-limit'), '10');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    clock.now += 10_000;
    assert.equal((await api(small, '/tags')).status, 200, 'the next window has budget again');
  } finally {
    await Promise.all([window.close(), perMinute.close(), small.close()]);
  }
});

test('missingRateLimitHeadersRate: a seeded share of responses carry no rate-limit headers', async () => {
  const clock = { now: WINDOW_START_MS };
  const sample = async (rate: number, seed = 95): Promise<boolean[]> => {
    const fake = await onClock(
      { seed, rateLimitPerMinute: 0, realism: { missingRateLimitHeadersRate: rate } },
      clock,
    );
    try {
      const present: boolean[] = [];
      for (let i = 0; i < 300; i++) {
        const { headers } = await api(fake, '/tags');
        const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
        const count = names.filter((name) => headers.get(name) !== null).length;
        assert.ok(count === 0 || count === 3, 'all three or none');
        present.push(count === 3);
      }
      return present;
    } finally {
      await fake.close();
    }
  };
  const some = await sample(0.05);
  const missing = some.filter((present) => !present).length;
  assert.ok(missing >= 5 && missing <= 30, `${missing} of 300 without headers`);
  assert.deepEqual(await sample(0.05), some, 'the same seed drops the same responses');
  assert.ok((await sample(0)).every((present) => present));
});

test('rateLimitLockout: every API request answers 429 until it ends; control endpoints still answer', async () => {
  const clock = { now: WINDOW_START_MS + 3_500 };
  const fake = await onClock({ realism: { perWindowRateLimitHeaders: true } }, clock);
  try {
    fake.rateLimitLockout(30);
    for (const path of ['/me', '/admins', '/conversations']) {
      const response = await api(fake, path);
      assert.equal(response.status, 429, path);
      assert.equal(response.body.errors[0].code, 'rate_limit_exceeded');
      assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(response.headers.get('x-ratelimit-reset'), String(Math.ceil(clock.now / 1000) + 30));
    }
    assert.equal((await api(fake, '/_fake/truth')).status, 200);
    assert.ok(fake.stats().rateLimited >= 3);
    clock.now += 29_000;
    assert.equal((await api(fake, '/me')).status, 429);
    clock.now += 1_000;
    assert.equal((await api(fake, '/me')).status, 200, 'over once the time has passed');

    assert.equal((await api(fake, '/_fake/rate-limit-lockout', { body: { seconds: 600 } })).status, 200);
    assert.equal((await api(fake, '/me')).status, 429);
    fake.rateLimitLockout(0);
    assert.equal((await api(fake, '/me')).status, 200, 'rateLimitLockout(0) ends it');
    assert.equal((await api(fake, '/_fake/rate-limit-lockout', { body: { seconds: -2 } })).status, 400);
  } finally {
    await fake.close();
  }
});
