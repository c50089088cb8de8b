import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { openDatabase } from '../../src/db/open-database.js';
import { isFicError } from '../../src/errors.js';
import { refreshObjects } from '../../src/sync/object-refresh.js';
import { runSync } from '../../src/sync/run-sync.js';
import { acquireSyncLock } from '../../src/sync/sync-lock.js';
import {
  assertConsistent,
  assertMatchesTruth,
  FAST_RETRIES,
  readDatabase,
  syncState,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

/** What a webhook triggers: just the named objects re-read and written as a sync writes them. */
test('refreshObjects brings the named conversations and tickets in step, deletions included, without a sync run', async () => {
  const fake = await startFakeIntercom({ conversations: 150, seed: 11, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath);
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    const checkpoint = syncState<unknown>(dbPath, 'checkpoint');
    const runs = (): number =>
      readDatabase(
        dbPath,
        (sqlite) => sqlite.prepare('SELECT count(*) FROM sync_runs').pluck().get() as number,
      );
    const runsBefore = runs();

    const changed = fake.advance({
      newConversations: 2,
      replies: 4,
      closes: 2,
      ticketReplies: 2,
      ticketStateChanges: 1,
    });
    const deletedConversation = fake.truth().conversations[5]!.id;
    fake.deleteConversations([deletedConversation]);
    const deletedTicket = fake.truth().tickets[3]!.id;
    fake.deleteTickets([deletedTicket]);
    const before = readDatabase(dbPath, (sqlite) =>
      sqlite.prepare('SELECT count(*) FROM tickets WHERE id = ?').pluck().get(deletedTicket),
    );
    assert.equal(before, 1);

    const result = await refreshObjects(
      config,
      {
        conversations: [...changed.created, ...changed.updated, deletedConversation],
        tickets: [...changed.updatedTickets, deletedTicket],
      },
      { client: FAST_RETRIES },
    );
    assert.equal(result.conversationsWritten, changed.created.length + changed.updated.length);
    assert.equal(result.conversationsDeleted, 1);
    assert.equal(result.ticketsDeleted, 1);
    assert.equal(result.failed, 0);

    assertMatchesTruth(dbPath, fake.truth());
    await assertConsistent(dbPath);
    const truthTickets = new Map(fake.truth().tickets.map((ticket) => [ticket.id, ticket]));
    readDatabase(dbPath, (sqlite) => {
      for (const id of changed.updatedTickets) {
        const stored = sqlite.prepare('SELECT updated_at FROM tickets WHERE id = ?').pluck().get(id);
        assert.equal(stored, truthTickets.get(id)!.updated_at, `ticket ${id}`);
      }
      assert.equal(sqlite.prepare('SELECT count(*) FROM tickets WHERE id = ?').pluck().get(deletedTicket), 0);
    });
    // No checkpoint moved and no run recorded: the data age the scheduled sync reports stays honest.
    assert.deepEqual(syncState<unknown>(dbPath, 'checkpoint'), checkpoint);
    assert.equal(runs(), runsBefore);
  } finally {
    await fake.close();
    cleanup();
  }
});

test("while a sync holds the lock refreshObjects fails with locked, unless it writes beside its own process's sync", async () => {
  const fake = await startFakeIntercom({ conversations: 20, seed: 3, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const config = testConfig(fake, dbPath);
    await runSync(config, { mode: 'incremental', client: FAST_RETRIES });
    const lock = acquireSyncLock(dbPath);
    try {
      await assert.rejects(
        refreshObjects(config, { conversations: [fake.truth().conversations[0]!.id] }),
        (error: unknown) => isFicError(error) && error.code === 'locked',
      );
      // Beside this process's own sync, through the caller's connection: written, the lock left alone.
      const changed = fake.advance({ replies: 1 });
      const database = await openDatabase(dbPath);
      try {
        const result = await refreshObjects(
          config,
          { conversations: changed.updated },
          { database, besideOwnSync: true },
        );
        assert.equal(result.conversationsWritten, changed.updated.length);
      } finally {
        await database.close();
      }
      assert.equal(fs.readFileSync(lock.path, 'utf8'), JSON.stringify(lock.info));
      assertMatchesTruth(dbPath, fake.truth());
    } finally {
      lock.release();
    }
  } finally {
    await fake.close();
    cleanup();
  }
});
