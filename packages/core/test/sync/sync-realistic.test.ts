import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, FakeIntercomOptions } from '@fastintercom/fake-intercom';
import { openDatabase } from '../../src/db/open-database.js';
import { IntercomClient } from '../../src/intercom/intercom-client.js';
import { getSyncStatus } from '../../src/queries/get-sync-status.js';
import { compareWithRemote } from '../../src/sync/remote-comparison.js';
import type { RemoteComparison } from '../../src/sync/remote-comparison.js';
import { runSync } from '../../src/sync/run-sync.js';
import type { RunSyncOptions } from '../../src/sync/run-sync.js';
import {
  assertConsistent,
  assertMatchesTruth,
  FAST_RETRIES,
  readDatabase,
  storedConversations,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

/**
 * The sync against the fake in realistic mode: every behaviour of REAL-API-BEHAVIOUR.md on at once
 * (part counts that include the opening message, explicit nulls, a search index that lags and shows
 * changes out of order, a cursor without a tie-breaker, deletions, merges, contacts missing from
 * contact search, a limit on `id IN`...). The copy must still equal truth().
 */
async function withRealistic(
  options: FakeIntercomOptions,
  body: (fake: FakeIntercom, dbPath: string) => Promise<void>,
): Promise<void> {
  const fake = await startFakeIntercom({ rateLimitPerMinute: 0, realistic: true, ...options });
  const { dbPath, cleanup } = tempDatabase();
  try {
    await body(fake, dbPath);
  } finally {
    await fake.close();
    cleanup();
  }
}

function syncer(fake: FakeIntercom, dbPath: string) {
  const config = testConfig(fake, dbPath);
  return (options: Partial<RunSyncOptions> = {}) =>
    runSync(config, { mode: 'incremental', client: FAST_RETRIES, ...options });
}

async function remote(fake: FakeIntercom, dbPath: string): Promise<RemoteComparison> {
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    const client = new IntercomClient({ baseUrl: fake.url, token: fake.token, retryBaseDelayMs: 1 });
    return await compareWithRemote(client, database, { from: 0 });
  } finally {
    await database.close();
  }
}

async function status(dbPath: string) {
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    return getSyncStatus(database);
  } finally {
    await database.close();
  }
}

test('realistic: a bulk second, live changes of every kind, deletions and contact merges: the copy equals the truth', async (t) => {
  await withRealistic({ conversations: 1500, seed: 31 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    // A bulk action: over a page of conversations updated in one second, which the tie-less cursor
    // would cut.
    const bulkAt = fake.truth().now + 60;
    const bulk = fake.advance({ replies: 300, notes: 150, assignments: 100, at: bulkAt });
    assert.ok(bulk.updated.length > 150, `${bulk.updated.length} conversations share one second`);
    fake.flushSearchIndex();

    const first = await sync();
    assert.equal(first.status, 'succeeded');
    assert.ok(
      first.denseSeconds !== null && first.denseSeconds.latest === bulkAt,
      'the dense second was met',
    );
    const truth = fake.truth();
    assertMatchesTruth(dbPath, truth);
    // count_conversation_parts counts the opening message: no whole thread is taken for cut.
    const wrongCut = readDatabase(dbPath, (sqlite) =>
      sqlite
        .prepare('SELECT count(*) FROM conversations WHERE parts_complete = 0 AND parts_total_count <= 500')
        .pluck()
        .get(),
    );
    assert.equal(wrongCut, 0);

    const changed = fake.advance({
      replies: 40,
      closes: 10,
      reopens: 5,
      notes: 10,
      assignments: 10,
      newConversations: 12,
      merges: 4,
      deletions: 9,
      newContacts: 6,
      contactEdits: 8,
      contactMerges: 3,
      at: bulkAt + 600,
    });
    fake.flushSearchIndex();
    const second = await sync();
    assert.equal(second.status, 'succeeded');
    const after = fake.truth();
    assertMatchesTruth(dbPath, after);
    assert.equal(second.conversationsDeleted, changed.deleted.length);
    assert.ok(second.contactsRefreshed >= 1, 'edited contacts were refreshed');
    const merged = readDatabase(dbPath, (sqlite) =>
      sqlite
        .prepare('SELECT id, merged_into_id AS merged FROM contacts WHERE gone_at IS NOT NULL ORDER BY id')
        .all(),
    ) as { id: string; merged: string | null }[];
    const held = new Set(merged.map((contact) => contact.id));
    for (const contactMerge of changed.contactMerges) {
      if (!held.has(contactMerge.id)) continue;
      assert.deepEqual(
        merged.find((contact) => contact.id === contactMerge.id),
        { id: contactMerge.id, merged: contactMerge.into },
        'a merged contact points to the one that survived',
      );
    }
    await assertConsistent(dbPath);

    const fidelity = (await status(dbPath)).fidelity;
    assert.equal(fidelity.deletions.total, changed.deleted.length);
    assert.equal(fidelity.outstandingFailures.conversations, 0);

    const comparison = await remote(fake, dbPath);
    assert.equal(comparison.complete, true, JSON.stringify(comparison));
    assert.equal(comparison.listed, after.conversations.length);
    t.diagnostic(`first ${first.apiRequests} requests, second ${second.apiRequests}`);
  });
});

test('realistic: conversations indexed after the checkpoint moved past them are caught by reconciliation, and verify --remote sees them', async () => {
  // A workspace whose history ends two days ago: the changes below are in the past, as live ones are.
  const now = Math.floor(Date.now() / 1000) - 2 * 86_400;
  await withRealistic({ conversations: 600, seed: 32, now }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    await sync();
    // Conversations A reach the index late (held while pending); B, an hour later, are indexed at once
    // and move the checkpoint past A.
    fake.setSearchIndexLag(3600);
    const late = fake.advance({ newConversations: 3, at: now + 600 });
    fake.holdSearchIndex(late.created);
    fake.setSearchIndexLag(0);
    fake.advance({ newConversations: 3, at: now + 4200 });
    const second = await sync({ reconcile: 'off' });
    assert.equal(second.status, 'succeeded');
    fake.flushSearchIndex();

    // A reaches the index now, an hour behind the checkpoint: the lookback cannot see it.
    const third = await sync({ reconcile: 'off' });
    assert.equal(third.status, 'succeeded');
    const stored = storedConversations(dbPath);
    const missing = fake
      .truth()
      .conversations.filter((conversation) => stored.get(conversation.id) !== conversation.updated_at);
    assert.deepEqual(
      missing.map((conversation) => conversation.id).sort(),
      [...late.created].sort(),
      'only the late-indexed conversations are missing',
    );
    const before = await remote(fake, dbPath);
    assert.equal(before.complete, false);
    assert.deepEqual([...before.missing.ids].sort(), [...late.created].sort());

    const reconciled = await sync({ reconcile: 'window' });
    assert.ok(reconciled.reconcile !== null && reconciled.reconcile.listed > 0);
    assertMatchesTruth(dbPath, fake.truth());
    assert.equal((await remote(fake, dbPath)).complete, true);
  });
});

test('realistic: deletions the deleted list cannot show are found by a full reconciliation', async () => {
  await withRealistic({ conversations: 400, seed: 33 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    await sync();
    fake.setMissingPermissions(['deleted_conversations']);
    const gone = fake.advance({ deletions: 5, at: fake.truth().now + 120 });
    fake.flushSearchIndex();

    const blind = await sync({ reconcile: 'off' });
    assert.equal(blind.status, 'succeeded');
    assert.deepEqual(
      blind.missingPermissions.map((missing) => missing.endpoint),
      ['GET /conversations/deleted'],
    );
    assert.equal(blind.conversationsDeleted, 0, 'the deletions cannot be seen yet');
    assert.deepEqual([...(await remote(fake, dbPath)).deleted.ids].sort(), [...gone.deleted].sort());

    const full = await sync({ reconcile: 'all' });
    assert.equal(full.conversationsDeleted, gone.deleted.length);
    assert.equal(full.reconcile?.checked, gone.deleted.length, 'only the unlisted ones were checked');
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('realistic: conversations whose fetch keeps failing are recorded and skipped, then retried first', async () => {
  await withRealistic({ conversations: 500, seed: 34 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    const byUpdate = [...fake.truth().conversations].sort((a, b) => a.updated_at - b.updated_at);
    // The very first listed conversation, and two later ones, each failing its own way.
    const [first, second, third] = [byUpdate[0]!.id, byUpdate[200]!.id, byUpdate[420]!.id];
    fake.failConversations([first], '500');
    fake.failConversations([second], 'malformed');
    fake.failConversations([third], '403');

    const partial = await sync();
    assert.equal(partial.status, 'partial');
    assert.equal(partial.conversationsFailed, 3);
    assert.equal(partial.outstandingFailures, 3);
    assert.equal(storedConversations(dbPath).size, 497, 'everything else is stored');
    const outstanding = (await status(dbPath)).fidelity.outstandingFailures;
    assert.equal(outstanding.conversations, 3);
    assert.deepEqual(
      outstanding.examples.map((example) => [example.id, example.errorCode]).sort(),
      [
        [first, 'api'],
        [second, 'malformed_response'],
        [third, 'permission'],
      ].sort(),
    );

    const again = await sync();
    assert.equal(again.status, 'partial');
    assert.deepEqual(
      readDatabase(dbPath, (sqlite) =>
        sqlite.prepare('SELECT DISTINCT attempts FROM sync_failures').pluck().all(),
      ),
      [2],
    );

    fake.healConversations();
    const healed = await sync();
    assert.equal(healed.status, 'succeeded');
    assert.equal(healed.outstandingFailures, 0);
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('realistic: when every fetch fails the run stops after a streak, keeping what it wrote', async () => {
  await withRealistic({ conversations: 300, seed: 35 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    fake.failConversations(
      fake.truth().conversations.map((conversation) => conversation.id),
      '503',
    );
    await assert.rejects(sync(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'api');
      assert.match(error.message, /20 conversation fetches in a row failed/);
      return true;
    });
    fake.healConversations();
    await sync();
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('realistic: a token without some permissions syncs what it can and says what is missing', async () => {
  await withRealistic(
    { conversations: 200, seed: 36, missingPermissions: ['tags', 'contacts'] },
    async (fake, dbPath) => {
      const sync = syncer(fake, dbPath);
      const result = await sync();
      assert.equal(result.status, 'succeeded');
      assert.equal(result.conversationsSynced, 200);
      assert.deepEqual(result.missingPermissions.map((missing) => missing.permission).sort(), [
        'Read and list users and companies',
        'Read tags',
      ]);
      const fidelity = (await status(dbPath)).fidelity;
      assert.equal(fidelity.missingPermissions.length, 2);
      const fetched = readDatabase(dbPath, (sqlite) =>
        sqlite.prepare('SELECT count(*) FROM contacts WHERE fetched = 1').pluck().get(),
      );
      assert.equal(fetched, 0, 'contacts stay stubs');

      fake.setMissingPermissions(['conversations']);
      await assert.rejects(sync(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'permission');
        assert.match(error.message, /"Read conversations"/);
        return true;
      });
    },
  );
});

test('realistic: a rate limit that resets in an hour fails the run at once, saying so', async () => {
  await withRealistic({ conversations: 100, seed: 37 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    fake.rateLimitLockout(3600);
    await assert.rejects(sync(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'rate_limited');
      assert.match(error.message, /resets in 60 minutes/);
      return true;
    });
    assert.ok((fake.stats().rateLimited ?? 0) <= 3, 'it did not keep knocking');
    fake.rateLimitLockout(0);
    await sync();
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('realistic: a campaign created and updated in one second, with a cursor that never moves: every conversation listed', async () => {
  await withRealistic({ conversations: 100, seed: 38 }, async (fake, dbPath) => {
    // 200 conversations created and updated in one second: more than a page by updated_at and by
    // created_at. The listing splits them by id, so a stuck (or tie-less) cursor cannot hide any.
    fake.advance({ newConversations: 200, at: fake.truth().now + 60 });
    fake.flushSearchIndex();
    fake.setStuckCursor(true);
    const result = await syncer(fake, dbPath)();
    assert.equal(result.status, 'succeeded');
    assert.equal(result.denseSeconds?.cursorFallback, false);
    assertMatchesTruth(dbPath, fake.truth());
  });
});

test('realistic: new contacts contact search does not show yet are read one by one, and are whole', async () => {
  await withRealistic({ conversations: 200, seed: 39 }, async (fake, dbPath) => {
    const sync = syncer(fake, dbPath);
    await sync();
    // Their conversations are searchable at once; the contacts themselves are not in contact search yet.
    fake.setSearchIndexLag(0);
    fake.setContactSearchLag(3600);
    const added = fake.advance({ newContacts: 4, at: fake.truth().now + 60 });
    fake.holdSearchIndex(added.newContacts);
    const gets = (): number => fake.stats().byRoute['GET /contacts/{id}'] ?? 0;
    const before = gets();
    const result = await sync();
    assert.equal(result.status, 'succeeded');
    assert.ok(gets() - before >= added.newContacts.length, 'each missing contact was read with GET');
    assertMatchesTruth(dbPath, fake.truth());
  });
});
