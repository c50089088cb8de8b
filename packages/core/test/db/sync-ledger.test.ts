import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import type { ConversationWrite } from '../../src/db/conversation-repository.js';
import { verifyDatabase } from '../../src/db/verify-database.js';
import { conversationWrite, openTempDatabase } from './fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

/** A conversation of `total` parts as the API shows it: only the `window` most recent, numbered 0.. */
function windowed(id: string, total: number, window: number): ConversationWrite {
  const texts = Array.from({ length: total }, (_, index) => `message number ${index}`);
  const full = conversationWrite(id, { parts: texts });
  const shown = full.parts.slice(total - window).map((part, position) => ({ ...part, position }));
  return {
    ...full,
    conversation: { ...full.conversation, parts_total_count: total, parts_stored: window },
    parts: shown,
  };
}

function storedParts(repository: ConversationRepository, id: string): string[] {
  return sqliteOf(repository.database)
    .prepare('SELECT id FROM conversation_parts WHERE conversation_id = ? ORDER BY position')
    .pluck()
    .all(id) as string[];
}

function row(repository: ConversationRepository, id: string): Record<string, unknown> | undefined {
  return sqliteOf(repository.database)
    .prepare('SELECT parts_total_count, parts_stored, parts_complete FROM conversations WHERE id = ?')
    .get(id) as Record<string, unknown> | undefined;
}

test('a thread that grows past the 500-part window keeps the parts that fell out of it', async () => {
  const temp = await openTempDatabase();
  try {
    const repository = new ConversationRepository(temp.database);
    // First seen whole at 495 parts.
    repository.writeConversations([windowed('c1', 495, 495)]);
    assert.deepEqual(row(repository, 'c1'), { parts_total_count: 495, parts_stored: 495, parts_complete: 1 });

    // Ten replies later the API shows the 500 most recent of 505: the five oldest are out of its view.
    repository.writeConversations([windowed('c1', 505, 500)]);
    const ids = storedParts(repository, 'c1');
    assert.equal(ids.length, 505, 'nothing the copy held is lost');
    assert.deepEqual(
      ids,
      Array.from({ length: 505 }, (_, index) => `c1-part-${index}`),
    );
    assert.deepEqual(row(repository, 'c1'), { parts_total_count: 505, parts_stored: 505, parts_complete: 1 });

    // Written again (a full resync), the same window changes nothing.
    repository.writeConversations([windowed('c1', 505, 500)]);
    assert.equal(storedParts(repository, 'c1').length, 505);

    // A thread first seen already cut says so, and holds what the API showed.
    repository.writeConversations([windowed('c2', 620, 500)]);
    assert.deepEqual(row(repository, 'c2'), { parts_total_count: 620, parts_stored: 500, parts_complete: 0 });

    // The search index covers every stored part, the oldest included.
    const hits = sqliteOf(repository.database)
      .prepare(`SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH '"message number 2"'`)
      .pluck()
      .get() as number;
    assert.ok(hits >= 1);
    assert.ok(verifyDatabase(temp.database).ok);
  } finally {
    await temp.dispose();
  }
});

test('a deletion removes the conversation, its parts, links and search document, and leaves a tombstone', async () => {
  const temp = await openTempDatabase();
  try {
    const repository = new ConversationRepository(temp.database);
    repository.writeConversations([
      conversationWrite('c1', { parts: ['refund please'], tags: [{ id: 't1', name: 'billing' }] }),
      conversationWrite('c2', { parts: ['refund again'] }),
    ]);
    const result = repository.writePage({
      conversations: [],
      deletions: [
        { id: 'c1', deletedAt: 1_700_100_000, source: 'deleted_list' },
        { id: 'never-stored', deletedAt: 1_700_100_001, source: 'deleted_list' },
      ],
    });
    assert.equal(result.removed, 1);
    const sqlite = sqliteOf(temp.database);
    const count = (sql: string): number => sqlite.prepare(sql).pluck().get() as number;
    assert.equal(count(`SELECT count(*) FROM conversations WHERE id = 'c1'`), 0);
    assert.equal(count(`SELECT count(*) FROM conversation_parts WHERE conversation_id = 'c1'`), 0);
    assert.equal(count(`SELECT count(*) FROM conversation_tags WHERE conversation_id = 'c1'`), 0);
    assert.equal(count(`SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH 'refund'`), 1);
    assert.deepEqual([...repository.ledger.deletedAmong(['c1', 'c2', 'never-stored'])].sort(), [
      'c1',
      'never-stored',
    ]);
    assert.equal(repository.ledger.deletionSummary().total, 2);
    assert.ok(verifyDatabase(temp.database).ok, 'the search index still matches the rows');

    // Removing again is harmless.
    assert.equal(
      repository.writePage({
        conversations: [],
        deletions: [{ id: 'c1', deletedAt: null, source: 'not_found' }],
      }).removed,
      0,
    );
  } finally {
    await temp.dispose();
  }
});

test('a failure is recorded once per id, counts its attempts, and is cleared when resolved', async () => {
  const temp = await openTempDatabase();
  try {
    const repository = new ConversationRepository(temp.database);
    const failure = { kind: 'conversation' as const, id: 'c9', code: 'api', message: 'boom', status: 500 };
    repository.writePage({ conversations: [], failures: [failure] });
    repository.writePage({ conversations: [], failures: [{ ...failure, code: 'timeout', status: null }] });
    const [recorded] = repository.ledger.failures('conversation');
    assert.equal(repository.ledger.failureCount('conversation'), 1);
    assert.deepEqual(
      [recorded?.id, recorded?.attempts, recorded?.error_code, recorded?.status],
      ['c9', 2, 'timeout', null],
    );
    assert.equal(repository.ledger.failureCount('contact'), 0);
    repository.writePage({ conversations: [], resolved: [{ kind: 'conversation', id: 'c9' }] });
    assert.equal(repository.ledger.failureCount('conversation'), 0);
  } finally {
    await temp.dispose();
  }
});
