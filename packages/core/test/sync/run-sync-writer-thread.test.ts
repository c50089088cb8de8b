import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { runSync } from '../../src/sync/run-sync.js';
import {
  assertConsistent,
  assertMatchesTruth,
  FAST_RETRIES,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

test('with writerThread, pages are written on the writer thread: full, then incremental', async () => {
  const fake = await startFakeIntercom({ conversations: 320, seed: 11, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath);
    const sync = (mode: 'full' | 'incremental') =>
      runSync(config, { mode, writerThread: true, client: FAST_RETRIES });
    const first = await sync('full');
    assert.equal(first.status, 'succeeded');
    assert.equal(first.conversationsSynced, 320);
    assertMatchesTruth(dbPath, fake.truth());

    const changed = fake.advance({ newConversations: 5, replies: 8, closes: 3 });
    const second = await sync('incremental');
    assert.equal(second.status, 'succeeded');
    const touched = new Set([...changed.created, ...changed.updated]).size;
    assert.ok(second.conversationsSynced >= touched, `${second.conversationsSynced} < ${touched}`);
    assertMatchesTruth(dbPath, fake.truth());
    await assertConsistent(dbPath);
  } finally {
    await fake.close();
    cleanup();
  }
});
