import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open-database.js';
import { sqliteOf } from '@fastintercom/core/internal';

test('openDatabase creates a private, migrated WAL database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-db-'));
  const file = path.join(dir, 'nested', 'data.db');
  const database = await openDatabase(file);
  try {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(sqliteOf(database).pragma('journal_mode', { simple: true }), 'wal');
    const tables = sqliteOf(database)
      .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`)
      .all() as { name: string }[];
    const names = tables.map((row) => row.name);
    for (const expected of [
      'conversations',
      'conversation_parts',
      'conversations_fts',
      'sync_runs',
      'conversation_documents',
    ]) {
      assert.ok(names.includes(expected), `missing ${expected}`);
    }
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the search index reads its documents through the view', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-db-'));
  const database = await openDatabase(path.join(dir, 'data.db'));
  try {
    const sqlite = sqliteOf(database);
    sqlite
      .prepare(
        `INSERT INTO conversations (id, created_at, updated_at, state, open, read, source_subject, source_body_text, synced_at)
         VALUES ('1', 1, 2, 'open', 1, 0, 'Refund please', 'I was charged twice', 3)`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO conversation_parts (conversation_id, position, id, part_type, body_text, created_at)
         VALUES ('1', 0, 'p1', 'comment', 'We refunded the duplicate charge', 4)`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO conversations_fts (rowid, subject, body) SELECT doc_id, subject, body FROM conversation_documents`,
      )
      .run();
    const hit = sqlite
      .prepare(
        `SELECT rowid, snippet(conversations_fts, 1, '[', ']', '…', 8) AS s FROM conversations_fts WHERE conversations_fts MATCH 'refunded'`,
      )
      .get() as { rowid: number; s: string } | undefined;
    assert.ok(hit);
    assert.match(hit.s, /\[refunded\]/);
    sqlite
      .prepare(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`)
      .run();
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a read-only open reads without writing, builds its query builder on first use and closes the connection', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-db-'));
  const file = path.join(dir, 'data.db');
  const writer = await openDatabase(file);
  sqliteOf(writer).prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES ('k', '"v"', 1)`).run();
  await writer.close();
  const reader = await openDatabase(file, { readonly: true });
  try {
    assert.throws(() => sqliteOf(reader).prepare(`DELETE FROM sync_state`).run(), /readonly/);
    const rows = await reader.db.selectFrom('sync_state').select(['key', 'value']).execute();
    assert.deepEqual(rows, [{ key: 'k', value: '"v"' }]);
  } finally {
    await reader.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(sqliteOf(reader).open, false);
  await assert.rejects(openDatabase(file, { readonly: true }), { code: 'not_found' });
});
