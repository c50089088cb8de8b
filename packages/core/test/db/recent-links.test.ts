import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { sqliteOf } from '@fastintercom/core/internal';
import type { Sqlite } from '@fastintercom/core/internal';
import { schemaMigrations } from '../../src/db/migrations/index.js';
import { openDatabase } from '../../src/db/open-database.js';
import { verifyDatabase } from '../../src/db/verify-database.js';
import { getRecentConversations } from '../../src/queries/get-recent-conversations.js';
import { rebuildDatabase } from '../../src/sync/rebuild-database.js';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, tempDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';

/** Links whose copies of updated_at / row_id differ from their conversation (migration 0011). */
function drifted(sqlite: Sqlite): number {
  return sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM conversation_tags l JOIN conversations c ON c.id = l.conversation_id
                WHERE l.updated_at IS NOT c.updated_at OR l.conversation_row_id IS NOT c.row_id)
            + (SELECT count(*) FROM conversation_contacts l JOIN conversations c ON c.id = l.conversation_id
                WHERE l.updated_at IS NOT c.updated_at OR l.conversation_row_id IS NOT c.row_id)`,
    )
    .pluck()
    .get() as number;
}

/** A tag's recent list by definition: its conversations, newest updated_at then row_id first. */
function tagList(sqlite: Sqlite, tag: string): string[] {
  return sqlite
    .prepare(
      `SELECT c.id FROM conversations c WHERE c.id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = ?)
        ORDER BY c.updated_at DESC, c.row_id DESC`,
    )
    .pluck()
    .all(tag) as string[];
}

test('migration 0011 copies updated_at and row_id into the links of an existing database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-recent-links-'));
  const dbPath = path.join(dir, 'older.db');
  try {
    const raw = new BetterSqlite3(dbPath);
    const db = new Kysely({ dialect: new SqliteDialect({ database: raw }) });
    const older = Object.fromEntries(
      schemaMigrations.filter(({ name }) => name < '0011').map(({ name, migration }) => [name, migration]),
    );
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(older) },
    }).migrateToLatest();
    assert.equal(error, undefined);
    raw.exec(`
      INSERT INTO conversations (id, created_at, updated_at, state, open, read, synced_at) VALUES
        ('x1', 1, 300, 'open', 1, 1, 0), ('x2', 1, 100, 'open', 1, 1, 0), ('x3', 1, 200, 'open', 1, 1, 0);
      INSERT INTO conversation_tags (conversation_id, tag_id) VALUES ('x1', 'g'), ('x2', 'g'), ('x3', 'g');
      INSERT INTO conversation_contacts (conversation_id, contact_id, position) VALUES ('x2', 'u', 0), ('x3', 'u', 0);
      INSERT INTO contacts (id, role, email, synced_at) VALUES ('u', 'user', 'u@example.test', 0);`);
    await db.destroy();

    const database = await openDatabase(dbPath);
    try {
      const sqlite = sqliteOf(database);
      assert.equal(drifted(sqlite), 0);
      assert.equal(
        sqlite.prepare(`SELECT count(*) FROM conversation_tags WHERE updated_at IS NULL`).pluck().get(),
        0,
      );
      const ids = (input: object): string[] =>
        getRecentConversations(database, input).conversations.map((conversation) => conversation.id);
      assert.deepEqual(ids({ tag: 'g' }), ['x1', 'x3', 'x2']);
      assert.deepEqual(ids({ customerEmail: 'U@example.test' }), ['x3', 'x2']);
      assert.equal(verifyDatabase(database).checks.find((check) => check.name === 'recent_links')?.ok, true);
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('full and incremental syncs and a rebuild keep every link equal to its conversation', async () => {
  const fake = await startFakeIntercom({ conversations: 120, seed: 11, rateLimitPerMinute: 0 });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const sync = (mode: 'full' | 'incremental') =>
      runSync(testConfig(fake, dbPath), { mode, client: FAST_RETRIES });
    const check = async (): Promise<void> => {
      const database = await openDatabase(dbPath);
      try {
        const sqlite = sqliteOf(database);
        assert.equal(drifted(sqlite), 0);
        const tags = sqlite
          .prepare('SELECT DISTINCT tag_id FROM conversation_tags')
          .pluck()
          .all() as string[];
        assert.ok(tags.length > 0, 'the fake tags conversations');
        for (const tag of tags) {
          const listed: string[] = [];
          let cursor: string | undefined;
          do {
            const page = getRecentConversations(database, { tag, limit: 10, cursor });
            listed.push(...page.conversations.map((conversation) => conversation.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined);
          assert.deepEqual(listed, tagList(sqlite, tag), `tag ${tag}`);
        }
      } finally {
        await database.close();
      }
    };
    assert.equal((await sync('full')).status, 'succeeded');
    await check();
    fake.advance({ newConversations: 5, replies: 30, at: fake.truth().now + 60 });
    assert.equal((await sync('incremental')).status, 'succeeded');
    await check();
    const database = await openDatabase(dbPath);
    try {
      rebuildDatabase(database);
    } finally {
      await database.close();
    }
    await check();
  } finally {
    await fake.close();
    cleanup();
  }
});
