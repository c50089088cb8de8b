import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { deadPid, openTempDatabase } from './fixtures.js';
import type { TempDatabase } from './fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

let temp: TempDatabase;
let repository: ConversationRepository;

beforeEach(async () => {
  temp = await openTempDatabase();
  repository = new ConversationRepository(temp.database);
});

afterEach(async () => {
  await temp.dispose();
});

test('a sync run is recorded from start to finish', () => {
  assert.equal(repository.lastRun(), undefined);
  const id = repository.startRun({
    mode: 'incremental',
    window_start: 1_700_000_000,
    pid: process.pid,
    started_at: 100,
  });
  assert.equal(repository.runningRun()?.id, id);
  assert.equal(repository.lastFinishedRun(), undefined);

  repository.updateRun(id, { conversations_seen: 300, api_requests: 4 });
  repository.updateRun(id, {});
  repository.finishRun(id, {
    status: 'succeeded',
    finished_at: 160,
    conversations_synced: 298,
    parts_synced: 2100,
    retries: 2,
    rate_limited: 1,
    duration_ms: 60_000,
    conversations_per_second: 4.97,
  });

  const run = repository.lastRun();
  assert.deepEqual(
    {
      id: run?.id,
      status: run?.status,
      mode: run?.mode,
      window_start: run?.window_start,
      seen: run?.conversations_seen,
      synced: run?.conversations_synced,
      requests: run?.api_requests,
      retries: run?.retries,
      rateLimited: run?.rate_limited,
      duration: run?.duration_ms,
      rate: run?.conversations_per_second,
      finished: run?.finished_at,
    },
    {
      id,
      status: 'succeeded',
      mode: 'incremental',
      window_start: 1_700_000_000,
      seen: 300,
      synced: 298,
      requests: 4,
      retries: 2,
      rateLimited: 1,
      duration: 60_000,
      rate: 4.97,
      finished: 160,
    },
  );
  assert.equal(repository.runningRun(), undefined);
  assert.equal(repository.lastFinishedRun()?.id, id);
});

test('runs whose process died are marked interrupted; live ones are left running', async () => {
  const dead = await deadPid();
  const finished = repository.startRun({ mode: 'full', window_start: null, pid: dead, started_at: 1 });
  repository.finishRun(finished, { status: 'failed', finished_at: 2, error_code: 'auth' });
  const crashed = repository.startRun({ mode: 'full', window_start: null, pid: dead, started_at: 3 });
  const live = repository.startRun({ mode: 'incremental', window_start: 5, pid: process.pid, started_at: 4 });

  assert.equal(repository.markInterruptedRuns(), 1);
  const status = (id: number): unknown =>
    sqliteOf(temp.database).prepare('SELECT status FROM sync_runs WHERE id = ?').pluck().get(id);
  assert.equal(status(crashed), 'interrupted');
  assert.equal(status(live), 'running');
  assert.equal(status(finished), 'failed');
  assert.equal(repository.runningRun()?.id, live);
  assert.equal(repository.lastFinishedRun()?.id, finished);
  assert.equal(repository.lastRun()?.id, live);
});
