import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import { getLastSyncRun } from '../../src/queries/last-sync-run.js';
import { openTempDatabase } from '../db/fixtures.js';
import type { TempDatabase } from '../db/fixtures.js';

let temp: TempDatabase;

beforeEach(async () => {
  temp = await openTempDatabase();
});

afterEach(async () => {
  await temp.dispose();
});

test('the last sync run is the newest row with every counter, read from a read-only connection', async () => {
  const repository = new ConversationRepository(temp.database);
  const reader = await openDatabase(temp.file, { readonly: true });
  try {
    assert.equal(getLastSyncRun(reader), undefined);
    const first = repository.startRun({
      mode: 'full',
      window_start: null,
      pid: process.pid,
      started_at: 100,
    });
    repository.finishRun(first, { status: 'succeeded', finished_at: 160, api_requests: 40, errors: 1 });
    const second = repository.startRun({
      mode: 'incremental',
      window_start: 90,
      pid: process.pid,
      started_at: 200,
    });
    repository.updateRun(second, { conversations_seen: 12, retries: 3, peak_rss_mb: 80 });

    const last = getLastSyncRun(reader);
    assert.equal(last?.id, second);
    assert.equal(last?.status, 'running');
    assert.deepEqual(last, repository.lastRun());
  } finally {
    await reader.close();
  }
});
