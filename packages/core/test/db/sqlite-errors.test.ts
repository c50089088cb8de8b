import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import { databaseFailure } from '../../src/db/sqlite-errors.js';
import { FicError } from '../../src/errors.js';
import { IntercomClient } from '../../src/intercom/intercom-client.js';
import { syncConversations } from '../../src/sync/sync-conversations.js';
import { conversationWrite } from './fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

let dir: string;
let fake: FakeIntercom;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-failures-'));
  fake = await startFakeIntercom({ conversations: 400, rateLimitPerMinute: 0 });
});

after(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function assertFicError(error: unknown, code: string, file: string, says: RegExp): FicError {
  assert.ok(error instanceof FicError, `not a FicError: ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.ok(error.message.includes(file), error.message);
  assert.match(error.message, says);
  return error;
}

/** SQLite's own limit on the file's pages: the database is "full" (SQLITE_FULL) without a small disk. */
function capAtCurrentSize(sqlite: BetterSqlite3.Database, spare = 0): void {
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${pages + spare}`);
}

test('a page written into a full database: disk_full, naming the file and what to do; nothing of it saved', async () => {
  const file = path.join(dir, 'full.db');
  const database = await openDatabase(file);
  try {
    capAtCurrentSize(sqliteOf(database));
    const repository = new ConversationRepository(database);
    const big = Array.from({ length: 50 }, (_, i) =>
      conversationWrite(`c${i}`, { parts: ['x'.repeat(4000)] }),
    );
    assert.throws(
      () => repository.writeConversations(big, { checkpoint: { updatedAt: 1, id: 'c1' } }),
      (error: unknown) =>
        Boolean(
          assertFicError(
            error,
            'disk_full',
            file,
            /The disk holding .* is full: free some space.*nothing of this write was saved/,
          ),
        ),
    );
    assert.equal(repository.counts().conversations, 0);
    assert.equal(repository.getState('checkpoint'), undefined);
  } finally {
    await database.close();
  }
});

test('a sync that fills the database fails with disk_full, and its run is recorded as failed with the cause', async () => {
  const file = path.join(dir, 'filling.db');
  const database = await openDatabase(file);
  try {
    const repository = new ConversationRepository(database);
    // Room for the workspace data and part of the first pages, not for 400 conversations.
    capAtCurrentSize(sqliteOf(database), 120);
    const client = new IntercomClient({ baseUrl: fake.url, token: fake.token, retryCount: 0 });
    let caught: unknown;
    await syncConversations({ client, repository, mode: 'full', concurrency: 8 }).catch((error: unknown) => {
      caught = error;
    });
    assertFicError(caught, 'disk_full', file, /free some space/);

    const run = sqliteOf(database)
      .prepare(
        'SELECT status, error_code, error_message, finished_at FROM sync_runs ORDER BY id DESC LIMIT 1',
      )
      .get() as { status: string; error_code: string; error_message: string; finished_at: number | null };
    assert.equal(run.status, 'failed');
    assert.equal(run.error_code, 'disk_full');
    assert.match(run.error_message, /full/);
    assert.notEqual(run.finished_at, null);
  } finally {
    await database.close();
  }
});

test('finishing a run writes what fits when the whole record does not', async () => {
  const file = path.join(dir, 'finish.db');
  const database = await openDatabase(file);
  try {
    const repository = new ConversationRepository(database);
    const id = repository.startRun({ mode: 'full', window_start: null, pid: process.pid, started_at: 1 });
    capAtCurrentSize(sqliteOf(database));
    // A message too long for the run's page: the full record needs an overflow page the file may not take.
    const recorded = repository.finishRun(id, {
      status: 'failed',
      finished_at: 2,
      error_code: 'disk_full',
      error_message: 'y'.repeat(64 * 1024),
    });
    assert.equal(recorded, true);
    const run = repository.lastRun();
    assert.equal(run?.status, 'failed');
    assert.equal(run?.error_code, 'disk_full');
    assert.equal(run?.error_message, 'y'.repeat(200));
  } finally {
    await database.close();
  }
});

test('a write through a read-only connection: read_only; another connection holding the write lock: busy', async () => {
  const file = path.join(dir, 'locks.db');
  await (await openDatabase(file)).close();

  const reader = await openDatabase(file, { readonly: true });
  try {
    assert.throws(
      () => new ConversationRepository(reader).setState('k', 1),
      (error: unknown) => Boolean(assertFicError(error, 'read_only', file, /cannot be written/)),
    );
  } finally {
    await reader.close();
  }

  const holder = new BetterSqlite3(file);
  holder.exec('BEGIN IMMEDIATE');
  const writer = await openDatabase(file, { busyTimeoutMs: 1 });
  try {
    assert.throws(
      () => new ConversationRepository(writer).setState('k', 1),
      (error: unknown) => Boolean(assertFicError(error, 'busy', file, /kept the database locked/)),
    );
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    await writer.close();
  }
});

test('what SQLite raises reading a damaged file maps to corrupt, with the way to rebuild', async () => {
  const file = path.join(dir, 'damaged.db');
  const database = await openDatabase(file);
  new ConversationRepository(database).writeConversations(
    Array.from({ length: 40 }, (_, i) => conversationWrite(`c${i}`, { parts: ['z'.repeat(3000)] })),
  );
  await database.close();
  const pages = new BetterSqlite3(file, { readonly: true });
  const victims = pages
    .prepare(`SELECT pageno FROM dbstat WHERE name = 'conversation_parts' AND pagetype = 'leaf'`)
    .pluck()
    .all() as number[];
  const pageSize = pages.pragma('page_size', { simple: true }) as number;
  pages.close();
  const fd = fs.openSync(file, 'r+');
  for (const page of victims) {
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  }
  fs.closeSync(fd);

  const reader = await openDatabase(file, { readonly: true });
  try {
    let raw: unknown;
    try {
      sqliteOf(reader).prepare('SELECT count(*), sum(length(body_text)) FROM conversation_parts').get();
    } catch (error) {
      raw = error;
    }
    assert.match(String((raw as { code?: unknown } | undefined)?.code), /^SQLITE_CORRUPT/);
    assertFicError(
      databaseFailure(raw, file),
      'corrupt',
      file,
      /damaged.*run fic verify --db .* move the file and its -wal and -shm files aside .* fic sync --full/,
    );
  } finally {
    await reader.close();
  }
  await assert.rejects(openDatabase(file), (error: unknown) =>
    Boolean(assertFicError(error, 'corrupt', file, /quick_check.*fic sync will not write into it/)),
  );
});
