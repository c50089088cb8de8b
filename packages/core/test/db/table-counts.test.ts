import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteOf } from '@fastintercom/core/internal';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import { verifyDatabase } from '../../src/db/verify-database.js';
import { getSyncStatus } from '../../src/queries/get-sync-status.js';
import { rebuildDatabase } from '../../src/sync/rebuild-database.js';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, readDatabase, tempDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';
import { conversationWrite } from './fixtures.js';

/** The rows as counted now, next to what status reports (from table_counts). */
async function countsAndStatus(dbPath: string): Promise<{
  recount: { conversations: number; parts: number; contacts: number };
  status: { conversations: number; parts: number; contacts: number };
}> {
  const recount = readDatabase(dbPath, (sqlite) => ({
    conversations: sqlite.prepare('SELECT count(*) FROM conversations').pluck().get() as number,
    parts: sqlite.prepare('SELECT count(*) FROM conversation_parts').pluck().get() as number,
    contacts: sqlite.prepare('SELECT count(*) FROM contacts').pluck().get() as number,
  }));
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    const { conversations, parts, contacts } = getSyncStatus(database).counts;
    return { recount, status: { conversations, parts, contacts } };
  } finally {
    await database.close();
  }
}

test('status counts follow full and incremental syncs, deletions and a rebuild, and equal a recount', async () => {
  const fake = await startFakeIntercom({ conversations: 120, seed: 16, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const sync = (mode: 'full' | 'incremental') =>
      runSync(testConfig(fake, dbPath), { mode, client: FAST_RETRIES });
    assert.equal((await sync('full')).status, 'succeeded');
    let seen = await countsAndStatus(dbPath);
    assert.equal(seen.status.conversations, 120);
    assert.ok(seen.status.parts > 120 && seen.status.contacts > 0);
    assert.deepEqual(seen.status, seen.recount);

    // New conversations and contacts, replies (more parts), and deletions, in one incremental sync.
    const changed = fake.advance({
      newConversations: 7,
      newContacts: 3,
      replies: 20,
      deletions: 4,
      at: fake.truth().now + 60,
    });
    assert.equal(changed.deleted.length, 4);
    assert.equal((await sync('incremental')).status, 'succeeded');
    const before = seen.status;
    seen = await countsAndStatus(dbPath);
    assert.notDeepEqual(seen.status, before, 'the counts moved');
    assert.deepEqual(seen.status, seen.recount);

    // A rebuild rewrites every row from the raw payloads: the counters stay right.
    const database = await openDatabase(dbPath);
    try {
      rebuildDatabase(database);
    } finally {
      await database.close();
    }
    seen = await countsAndStatus(dbPath);
    assert.deepEqual(seen.status, seen.recount);
  } finally {
    await fake.close();
    cleanup();
  }
});

test('verify reports a counter that drifted, and status reads the counter rather than counting', async () => {
  const fake = await startFakeIntercom({ conversations: 30, seed: 17, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    await runSync(testConfig(fake, dbPath), { mode: 'full', client: FAST_RETRIES });
    let database = await openDatabase(dbPath, { readonly: true });
    try {
      const check = verifyDatabase(database).checks.find((item) => item.name === 'table_counts');
      assert.equal(check?.ok, true, check?.detail);
    } finally {
      await database.close();
    }

    const raw = new BetterSqlite3(dbPath);
    raw.prepare(`UPDATE table_counts SET rows = rows + 5 WHERE name = 'conversations'`).run();
    raw.close();

    database = await openDatabase(dbPath, { readonly: true });
    try {
      assert.equal(getSyncStatus(database).counts.conversations, 35, 'status reports the counter');
      const report = verifyDatabase(database);
      assert.equal(report.ok, false);
      const check = report.checks.find((item) => item.name === 'table_counts');
      assert.equal(check?.ok, false);
      assert.match(check.detail, /conversations: counter 35, rows 30/);
    } finally {
      await database.close();
    }
  } finally {
    await fake.close();
    cleanup();
  }
});

test('rewrites, a shorter thread and deletions move the counters by what changed', async () => {
  const { dbPath, cleanup } = tempDatabase();
  try {
    const database = await openDatabase(dbPath);
    const counters = (): Record<string, number> =>
      Object.fromEntries(
        (
          sqliteOf(database).prepare('SELECT name, rows FROM table_counts').all() as {
            name: string;
            rows: number;
          }[]
        ).map((row) => [row.name, row.rows]),
      );
    try {
      const repository = new ConversationRepository(database);
      repository.writeConversations([
        conversationWrite('k1', { parts: ['one', 'two', 'three'] }),
        conversationWrite('k2', { parts: ['four'] }),
      ]);
      const written = counters();
      // The same conversation written again (an upsert) with a longer thread counts once.
      repository.writeConversations([
        conversationWrite('k2', { parts: ['four', 'five'], updatedAt: 1_700_009_000 }),
      ]);
      assert.equal(counters().conversations, written.conversations);
      assert.equal(counters().conversation_parts, written.conversation_parts! + 1);
      // A delete that bypasses the repository still moves them: the triggers are on the table.
      sqliteOf(database).prepare(`DELETE FROM conversations WHERE id = 'k1'`).run();
      assert.equal(counters().conversations, written.conversations! - 1);
      assert.equal(counters().conversation_parts, written.conversation_parts! + 1 - 3);
      assert.equal(verifyDatabase(database).checks.find((check) => check.name === 'table_counts')?.ok, true);
    } finally {
      await database.close();
    }
  } finally {
    cleanup();
  }
});
