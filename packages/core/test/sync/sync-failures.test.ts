import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, WorkspaceTruth } from '@fastintercom/fake-intercom';
import { FicError } from '../../src/errors.js';
import { acquireSyncLock } from '../../src/sync/sync-lock.js';
import { runSync } from '../../src/sync/run-sync.js';
import type { RunSyncOptions } from '../../src/sync/run-sync.js';
import type { FicConfig } from '../../src/config.js';
import {
  assertConsistent,
  assertMatchesTruth,
  DETAIL_ROUTE,
  FAST_RETRIES,
  readDatabase,
  storedConversations,
  syncState,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

interface LastRun {
  status: string;
  error_code: string | null;
  error_message: string | null;
}

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function lastRun(dbPath: string): LastRun {
  return readDatabase(dbPath, (sqlite) =>
    sqlite.prepare('SELECT status, error_code, error_message FROM sync_runs ORDER BY id DESC LIMIT 1').get(),
  ) as LastRun;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<FicError> {
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected FicError ${code}, the sync succeeded`),
    (error: unknown) => (caught = error),
  );
  assert.ok(caught instanceof FicError, `not a FicError: ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

/**
 * A database synced once, then a workspace that moved on: whatever breaks the next sync, the database
 * must still hold exactly the first truth, pass verification, and accept the next good sync.
 */
async function withSyncedDatabase(
  body: (context: {
    fake: FakeIntercom;
    dbPath: string;
    config: FicConfig;
    before: WorkspaceTruth;
  }) => Promise<void>,
): Promise<void> {
  const fake = await startFakeIntercom({ conversations: 150, seed: 9, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath);
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    const before = fake.truth();
    fake.advance({ newConversations: 5, replies: 10, closes: 3 });
    await body({ fake, dbPath, config, before });
  } finally {
    await fake.close();
    cleanup();
  }
}

async function assertUntouched(dbPath: string, before: WorkspaceTruth): Promise<void> {
  assertMatchesTruth(dbPath, before);
  await assertConsistent(dbPath);
}

test('a rejected token ends with FicError auth, the data untouched', async () => {
  await withSyncedDatabase(async ({ fake, dbPath, config, before }) => {
    const checkpoint = syncState(dbPath, 'checkpoint');
    const error = await rejectsWith(
      runSync({ ...config, accessToken: 'not-the-token' }, { mode: 'incremental', client: FAST_RETRIES }),
      'auth',
    );
    assert.ok(!error.message.includes('not-the-token'), 'the token never shows in errors');
    await assertUntouched(dbPath, before);
    assert.deepEqual(syncState(dbPath, 'checkpoint'), checkpoint);
    assert.deepEqual(lastRun(dbPath), { status: 'failed', error_code: 'auth', error_message: error.message });
    // The lock was released: the next sync runs, and catches up.
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('a server that always answers 500 ends with FicError api, the data untouched', async () => {
  await withSyncedDatabase(async ({ fake, dbPath, config, before }) => {
    fake.setFaults('500=1');
    await rejectsWith(
      runSync({ ...config, retryCount: 2 }, { mode: 'incremental', client: FAST_RETRIES }),
      'api',
    );
    await assertUntouched(dbPath, before);
    assert.equal(lastRun(dbPath).status, 'failed');
    fake.setFaults('');
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('a hung server ends with FicError timeout, the data untouched', async () => {
  await withSyncedDatabase(async ({ fake, dbPath, config, before }) => {
    fake.setFaults('hang=1');
    const hung = { ...config, timeoutSeconds: 0.5, retryCount: 1 };
    await rejectsWith(runSync(hung, { mode: 'incremental', client: FAST_RETRIES }), 'timeout');
    await assertUntouched(dbPath, before);
    assert.equal(lastRun(dbPath).error_code, 'timeout');
    fake.setFaults('');
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('failing part-way keeps the pages already written and resumes after them', async () => {
  const fake = await startFakeIntercom({ conversations: 450, seed: 8, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath, { retryCount: 1, concurrency: 4 });
    // The conversations after the 300th answer 500: the first two pages complete; on the third, 20
    // failures in a row say Intercom is failing, not one conversation, and the run stops.
    const byUpdate = [...fake.truth().conversations].sort((a, b) => a.updated_at - b.updated_at);
    const broken = new Set(byUpdate.slice(300).map((conversation) => conversation.id));
    const failing: typeof fetch = (input, init) => {
      const id = /\/conversations\/(\d+)$/.exec(urlOf(input))?.[1];
      if (id !== undefined && broken.has(id)) {
        const body = JSON.stringify({
          type: 'error.list',
          errors: [{ code: 'server_error', message: 'boom' }],
        });
        return Promise.resolve(new Response(body, { status: 500 }));
      }
      return fetch(input, init);
    };
    await rejectsWith(runSync(config, { mode: 'full', fetch: failing, client: FAST_RETRIES }), 'api');
    // Pages restart at the second the previous one ended in, so two pages hold a few fewer than 300.
    const kept = storedConversations(dbPath).size;
    assert.ok(kept > 290 && kept <= 300, `the two complete pages were written (${kept})`);
    assert.equal(syncState<{ mode: string }>(dbPath, 'resume')?.mode, 'full');

    const detailsBefore = fake.stats().byRoute[DETAIL_ROUTE] ?? 0;
    const result = await runSync(config, { mode: 'full', client: FAST_RETRIES });
    assert.ok(
      result.conversationsSynced >= 150 && result.conversationsSynced < 170,
      'the full run continued',
    );
    assert.equal((fake.stats().byRoute[DETAIL_ROUTE] ?? 0) - detailsBefore, result.conversationsSynced);
    assertMatchesTruth(dbPath, fake.truth());
  } finally {
    await fake.close();
    cleanup();
  }
});

test('cancelling stops cleanly: recorded as interrupted, the next sync completes', async () => {
  const fake = await startFakeIntercom({ conversations: 600, seed: 4, latencyMs: 5, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath, { concurrency: 4 });
    const controller = new AbortController();
    const options: RunSyncOptions = {
      mode: 'incremental',
      client: FAST_RETRIES,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.conversationsWritten >= 150) controller.abort();
      },
    };
    await rejectsWith(runSync(config, options), 'aborted');
    assert.equal(lastRun(dbPath).status, 'interrupted');
    const kept = storedConversations(dbPath).size;
    assert.ok(kept >= 150 && kept < 600, `kept ${kept}`);
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    assertMatchesTruth(dbPath, fake.truth());
  } finally {
    await fake.close();
    cleanup();
  }
});

test('a conversation deleted between listing and fetching is skipped and counted', async () => {
  const fake = await startFakeIntercom({ conversations: 60, seed: 3, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const gone = fake.truth().conversations[10]!.id;
    const deleting: typeof fetch = (input, init) => {
      const url = urlOf(input);
      return fetch(url.endsWith(`/conversations/${gone}`) ? url.replace(gone, '1') : input, init);
    };
    const result = await runSync(testConfig(fake, dbPath), {
      mode: 'incremental',
      fetch: deleting,
      client: FAST_RETRIES,
    });
    assert.equal(result.status, 'succeeded');
    assert.equal(result.conversationsMissing, 1);
    assert.equal(result.conversationsSynced, 59);
    assert.ok(!storedConversations(dbPath).has(gone));
  } finally {
    await fake.close();
    cleanup();
  }
});

test('no token, or a sync already running: clear errors before anything is written', async () => {
  const fake = await startFakeIntercom({ conversations: 10, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath);
    await rejectsWith(runSync({ ...config, accessToken: undefined }, { mode: 'incremental' }), 'auth');
    assert.equal(fs.existsSync(dbPath), false, 'no database was created');
    const lock = acquireSyncLock(dbPath);
    try {
      await rejectsWith(runSync(config, { mode: 'incremental' }), 'locked');
    } finally {
      lock.release();
    }
    assert.equal((await runSync(config, { mode: 'incremental', client: FAST_RETRIES })).status, 'succeeded');
  } finally {
    await fake.close();
    cleanup();
  }
});
