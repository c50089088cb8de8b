import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runSync } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { call, connect, failure, seedWorkspace, structured, testConfig } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';
import type { GetRecentConversationsOutput, GetSyncStatusOutput } from '../src/index.js';

/** Syncs a workspace of `conversations` into `dbPath` (a file of its own, then moved where wanted). */
async function syncedDatabase(dbPath: string, conversations: number, seed: number): Promise<void> {
  const fake = await startFakeIntercom({ conversations, seed, rateLimitPerMinute: 0 });
  try {
    const result = await runSync(testConfig(fake, dbPath), { mode: 'full' });
    assert.equal(result.status, 'succeeded');
  } finally {
    await fake.close();
  }
}

async function storedConversations(connected: Connected): Promise<number> {
  const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
  return status.database!.counts.conversations;
}

describe('the server follows the database file at its path', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 30 });
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('a database renamed over the open one is answered from at the next call', async () => {
    assert.equal(await storedConversations(connected), 30);
    const before = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 50 }),
    );
    assert.equal(before.conversations.length, 30);

    // A sync into a new file moved into place, as a restore or a rebuilt copy would be.
    const replacement = path.join(workspace.dir, 'rebuilt.db');
    await syncedDatabase(replacement, 12, 99);
    fs.renameSync(replacement, workspace.dbPath);

    assert.equal(await storedConversations(connected), 12);
    const after = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 50 }),
    );
    assert.equal(after.conversations.length, 12);
    assert.ok(connected.logs.some((line) => /was replaced by another file/.test(line)));
  });

  test('a deleted database is a clear error until a database is back at the path', async () => {
    const held = path.join(workspace.dir, 'held-aside.db');
    fs.renameSync(workspace.dbPath, held);
    for (const tool of ['get_recent_conversations', 'search_conversations']) {
      const reason = failure(
        await call(connected.client, tool, tool === 'search_conversations' ? { query: 'refund' } : {}),
      );
      assert.match(
        reason,
        /^The database at .*data\.db was deleted: call sync_conversations to make a new one \(or ask the user to put it back\)/,
      );
    }
    fs.renameSync(held, workspace.dbPath);
    assert.equal(await storedConversations(connected), 12);
  });
});
