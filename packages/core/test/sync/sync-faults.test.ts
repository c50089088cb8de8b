import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { runSync } from '../../src/sync/run-sync.js';
import type { SyncProgress } from '../../src/sync/sync-types.js';
import {
  assertConsistent,
  assertMatchesTruth,
  FAST_RETRIES,
  readDatabase,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

const FAULTS = '500=0.02,503=0.01,reset=0.01,malformed=0.01,hang=0.002';

/**
 * Another integration on the same app: spends what is left of the current rate-limit window (again,
 * should the window roll over first) until the sync has met a 429, however well it paces itself.
 */
async function spendTheBudget(fake: FakeIntercom, done: () => boolean): Promise<void> {
  const headers = { Authorization: `Bearer ${fake.token}`, 'Intercom-Version': '2.16' };
  const call = async (path: string): Promise<Response | undefined> => {
    try {
      const response = await fetch(`${fake.url}${path}`, { headers, signal: AbortSignal.timeout(3000) });
      await response.text();
      return response;
    } catch {
      return undefined; // the faults hit this client too
    }
  };
  // Bounded: each round spends a window's budget or waits 100 ms; a sync that never ends fails its test.
  for (let round = 0; !done() && round < 100_000; round++) {
    const probe = await call('/me');
    const remaining = Number(probe?.headers.get('x-ratelimit-remaining') ?? 0);
    if (remaining > 0) await Promise.all(Array.from({ length: remaining }, () => call('/admins')));
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const realistic of [false, true]) {
  test(`2,000 conversations through faults and 429s sync to exactly the truth${realistic ? ' (realistic API)' : ''}`, async (t) => {
    const fake = await startFakeIntercom({
      conversations: 2000,
      seed: 42,
      faults: FAULTS,
      rateLimitPerMinute: 18_000,
      realistic,
    });
    const { dbPath, cleanup } = tempDatabase();
    try {
      const events: SyncProgress[] = [];
      let competitor: Promise<void> | undefined;
      let met429 = false;
      let finished = false;
      // 3 s: short enough that hung requests are retried soon, long enough for a loaded machine (the fake
      // shares this event loop).
      const config = testConfig(fake, dbPath, { timeoutSeconds: 3, concurrency: 24 });
      const result = await runSync(config, {
        mode: 'incremental',
        client: {
          ...FAST_RETRIES,
          onEvent: (event) => {
            if (event.type === 'rate_limited') met429 = true;
          },
        },
        onProgress: (event) => {
          events.push(event);
          if (competitor === undefined && event.conversationsWritten >= 300) {
            // It competes with the conversations: the passes after them (tickets, companies) run alone.
            competitor = spendTheBudget(fake, () => met429 || finished || events.at(-1)?.phase === 'done');
          }
        },
      }).finally(() => {
        finished = true; // the competitor stops whether the sync succeeded or not
      });
      await competitor;

      t.diagnostic(
        `${result.apiRequests} requests, ${result.retries} retries, ${result.rateLimitedResponses} 429s, ${result.durationMs} ms; fake faults ${JSON.stringify(fake.stats().faults)}`,
      );
      assert.equal(result.status, 'succeeded');
      assert.equal(result.conversationsSynced, 2000);
      assertMatchesTruth(dbPath, fake.truth());

      // The faults and the rate limit were really met, and retried through.
      const stats = fake.stats();
      assert.ok(result.rateLimitedResponses > 0, 'the sync met 429s');
      for (const kind of ['500', '503', 'reset', 'malformed'])
        assert.ok((stats.faults[kind] ?? 0) > 0, `no ${kind} fault`);
      assert.ok(result.retries > result.rateLimitedResponses, 'faults were retried too');

      // The run is on record with its counters.
      const run = readDatabase(dbPath, (sqlite) => sqlite.prepare('SELECT * FROM sync_runs').get()) as Record<
        string,
        unknown
      >;
      assert.equal(run.status, 'succeeded');
      assert.equal(run.conversations_synced, 2000);
      assert.equal(run.parts_synced, result.partsSynced);
      assert.equal(run.api_requests, result.apiRequests);
      assert.equal(run.rate_limited, result.rateLimitedResponses);
      assert.ok((run.peak_rss_mb as number) > 0 && (run.duration_ms as number) > 0);

      // Progress went through the phases and ended complete.
      assert.deepEqual(
        [...new Set(events.map((event) => event.phase))],
        ['metadata', 'deletions', 'conversations', 'contacts', 'tickets', 'companies', 'done'],
      );
      const last = events.at(-1)!;
      assert.equal(last.conversationsWritten, 2000);
      assert.equal(last.totalCount, 2000);
      assert.ok(last.pagesFetched >= 14);
      // 'done' comes after the ticket and company passes: its count is the whole run's.
      assert.equal(last.apiRequests, result.apiRequests);

      await assertConsistent(dbPath);
    } finally {
      await fake.close();
      cleanup();
    }
  });
}
