import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { runSync } from '../../src/sync/run-sync.js';
import type { SyncCheckpoint } from '../../src/sync/sync-types.js';
import {
  assertMatchesTruth,
  detailRequests,
  FAST_RETRIES,
  storedConversations,
  syncState,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

/**
 * The detail requests an incremental sync should make: the changed conversations, plus the stored ones
 * it must re-check because an update in their second would not show in updated_at (the checkpoint's
 * second, and anything updated around the previous run).
 */
function expectedFetches(dbPath: string, before: Map<string, number>, changed: Iterable<string>): number {
  const checkpoint = syncState<SyncCheckpoint>(dbPath, 'checkpoint')!;
  const recheck = syncState<number>(dbPath, 'recheck') ?? Number.POSITIVE_INFINITY;
  const from = Math.min(checkpoint.updatedAt, recheck);
  const ids = new Set(changed);
  for (const [id, updatedAt] of before) if (updatedAt >= from) ids.add(id);
  return ids.size;
}

/**
 * Each test runs against the plain fake and the realistic one (tie-less cursor, explicit nulls, part
 * counts with the opening message, rich parts, the `id IN` limit, missing rate-limit headers). The
 * realistic one's search index lag is set to 0 here, so exact request counts stay exact: the lag has
 * its own tests (sync-realistic.test.ts).
 */
async function withWorkspace(
  options: { conversations: number; now?: number; realistic: boolean },
  body: (fake: FakeIntercom, dbPath: string) => Promise<void>,
): Promise<void> {
  const fake = await startFakeIntercom({ ...options, seed: 5, rateLimitPerMinute: 0 });
  fake.setSearchIndexLag(0);
  fake.setContactSearchLag(0);
  const { dbPath, cleanup } = tempDatabase();
  try {
    await body(fake, dbPath);
  } finally {
    await fake.close();
    cleanup();
  }
}

for (const realistic of [false, true]) {
  const api = realistic ? ' (realistic API)' : '';

  test(`incremental syncs fetch only what advance() changed, same-second updates included${api}`, async () => {
    await withWorkspace({ conversations: 400, realistic }, async (fake, dbPath) => {
      const config = testConfig(fake, dbPath);
      const sync = () => runSync(config, { mode: 'incremental', client: FAST_RETRIES });
      const first = await sync();
      assert.equal(first.conversationsSynced, 400);
      assertMatchesTruth(dbPath, fake.truth());

      // Changes in the very second of the checkpoint, then later ones.
      const checkpoint = syncState<SyncCheckpoint>(dbPath, 'checkpoint')!;
      let before = storedConversations(dbPath);
      const sameSecond = fake.advance({
        newConversations: 4,
        replies: 6,
        closes: 3,
        reopens: 3,
        at: checkpoint.updatedAt,
      });
      assert.equal(sameSecond.at, checkpoint.updatedAt);
      const later = fake.advance({ replies: 4, notes: 2, assignments: 2, newConversations: 2 });
      let expected = expectedFetches(dbPath, before, [
        ...sameSecond.created,
        ...sameSecond.updated,
        ...later.created,
        ...later.updated,
      ]);
      let details = detailRequests(fake);
      const second = await sync();
      assert.equal(second.status, 'succeeded');
      assert.equal(detailRequests(fake) - details, expected);
      assertMatchesTruth(dbPath, fake.truth());

      // Again in the checkpoint's second: conversations already stored at that very second change again.
      const top = syncState<SyncCheckpoint>(dbPath, 'checkpoint')!;
      before = storedConversations(dbPath);
      const again = fake.advance({ replies: 5, closes: 2, at: top.updatedAt });
      assert.ok(
        again.updated.some((id) => before.get(id) === top.updatedAt),
        'some changed conversation was already stored with updated_at in that second',
      );
      expected = expectedFetches(dbPath, before, again.updated);
      details = detailRequests(fake);
      await sync();
      assert.equal(detailRequests(fake) - details, expected);
      assertMatchesTruth(dbPath, fake.truth());

      // Nothing changed: nothing but the re-checks.
      before = storedConversations(dbPath);
      expected = expectedFetches(dbPath, before, []);
      details = detailRequests(fake);
      const idle = await sync();
      assert.equal(detailRequests(fake) - details, expected);
      assert.equal(idle.conversationsSynced, expected);
    });
  });

  test(`--days syncs the window, a plain sync continues from it, --full fetches everything again${api}`, async () => {
    await withWorkspace({ conversations: 300, realistic }, async (fake, dbPath) => {
      const config = testConfig(fake, dbPath);
      const truth = fake.truth();
      const since = truth.now - 30 * 86_400;
      const window = await runSync(config, { mode: 'window', since, client: FAST_RETRIES });
      const inWindow = truth.conversations.filter((conversation) => conversation.updated_at >= since);
      assert.ok(inWindow.length > 0 && inWindow.length < 300, `window holds ${inWindow.length}`);
      assert.equal(window.conversationsSynced, inWindow.length);
      assert.deepEqual([...storedConversations(dbPath).keys()].sort(), inWindow.map((c) => c.id).sort());

      fake.advance({ replies: 3, newConversations: 2 });
      const details = detailRequests(fake);
      const incremental = await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
      assert.equal(incremental.status, 'succeeded');
      assert.ok(detailRequests(fake) - details <= 5 + 3, 'the plain sync continued from the window');

      const full = await runSync(config, { mode: 'full', client: FAST_RETRIES });
      assert.equal(full.conversationsSynced, storedConversations(dbPath).size);
      // The full run covered the history the window skipped.
      assertMatchesTruth(dbPath, fake.truth());
    });
  });

  test(`max-conversations bounds each run and the next run continues where it stopped${api}`, async () => {
    await withWorkspace(
      { conversations: 500, now: Math.floor(Date.now() / 1000) - 86_400, realistic },
      async (fake, dbPath) => {
        const config = testConfig(fake, dbPath, { maxConversationsPerSync: 120 });
        const statuses: string[] = [];
        let total = 0;
        for (let run = 0; run < 10; run++) {
          const result = await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
          statuses.push(result.status);
          total += result.conversationsSynced;
          assert.ok(result.conversationsSynced <= 120);
          if (result.status === 'succeeded') break;
        }
        assert.equal(statuses.at(-1), 'succeeded');
        assert.ok(statuses.slice(0, -1).every((status) => status === 'partial'));
        assert.ok(statuses.length >= 5, `${statuses.length} runs`);
        // Each run re-checks the conversations of the checkpoint's second; nothing else is fetched twice.
        assert.ok(total >= 500 && total - 500 <= 3 * statuses.length, `${total} fetched`);
        assertMatchesTruth(dbPath, fake.truth());
        assert.equal(syncState(dbPath, 'resume'), undefined, 'the finished run cleared its resume point');
      },
    );
  });
}
