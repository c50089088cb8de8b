import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSyncStatus } from '../../src/queries/get-sync-status.js';
import { DAY, HOUR, NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture, curatedConversations } from './query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

const iso = (unix: number) => new Date(unix * 1000).toISOString();

test('an empty database reports empty, zero counts and no syncs, without throwing', async () => {
  const empty = await createEmptyDatabase();
  try {
    const status = getSyncStatus(empty.database, { now: NOW });
    assert.equal(status.empty, true);
    assert.deepEqual(status.counts, {
      conversations: 0,
      parts: 0,
      contacts: 0,
      admins: 0,
      teams: 0,
      tags: 0,
    });
    assert.equal(status.lastSync, null);
    assert.equal(status.lastSuccessfulSync, null);
    assert.equal(status.runningSync, null);
    assert.equal(status.dataAgeSeconds, null);
    assert.deepEqual(status.coverage, {
      oldestCreatedAt: null,
      newestCreatedAt: null,
      newestUpdatedAt: null,
    });
    assert.equal(status.checkpoint, null);
    assert.equal(status.nextBackgroundSyncAt, null);
    // With a background interval and no sync yet, the next one is due now.
    assert.equal(
      getSyncStatus(empty.database, { now: NOW, syncIntervalMinutes: 10 }).nextBackgroundSyncAt,
      iso(NOW),
    );
  } finally {
    await empty.close();
  }
});

test('by default a running sync is checked against the live processes', async () => {
  const fixture = await createQueryFixture(curatedConversations().slice(0, 2));
  try {
    fixture.repository.startRun({ mode: 'full', window_start: null, pid: process.pid, started_at: NOW - 60 });
    assert.equal(getSyncStatus(fixture.database, { now: NOW }).runningSync?.pid, process.pid);
  } finally {
    await fixture.close();
  }
});

test('a populated database: counts, coverage, runs, data age, checkpoint and the next sync', async () => {
  const fixture = await createQueryFixture();
  try {
    const { repository, database } = fixture;
    const first = repository.startRun({
      mode: 'full',
      window_start: null,
      pid: 4242,
      started_at: NOW - 3 * HOUR,
    });
    repository.finishRun(first, {
      status: 'succeeded',
      finished_at: NOW - 2 * HOUR,
      conversations_synced: 40,
      parts_synced: 143,
      api_requests: 57,
      duration_ms: 3_600_000,
    });
    const failed = repository.startRun({
      mode: 'incremental',
      window_start: NOW - 2 * HOUR,
      pid: 4243,
      started_at: NOW - HOUR,
    });
    repository.finishRun(failed, {
      status: 'failed',
      finished_at: NOW - HOUR + 30,
      error_code: 'auth',
      error_message: 'INTERCOM_ACCESS_TOKEN was rejected (401)',
    });
    const running = repository.startRun({
      mode: 'incremental',
      window_start: NOW - 2 * HOUR,
      pid: 4244,
      started_at: NOW - 60,
    });
    repository.setState('checkpoint', { updatedAt: NOW - 6 * HOUR, id: 'c-unassigned' });

    const alive = (pid: number) => pid === 4244;
    const status = getSyncStatus(database, { now: NOW, syncIntervalMinutes: 10, isProcessAlive: alive });
    const partRows = sqliteOf(database)
      .prepare('SELECT count(*) FROM conversation_parts')
      .pluck()
      .get() as number;
    assert.equal(status.empty, false);
    assert.deepEqual(status.counts, {
      conversations: 40,
      parts: partRows,
      contacts: 5,
      admins: 3,
      teams: 2,
      tags: 3,
    });
    assert.ok(partRows > 100);
    assert.deepEqual(status.coverage, {
      oldestCreatedAt: iso(NOW - 90 * DAY),
      newestCreatedAt: iso(NOW - 6 * HOUR),
      newestUpdatedAt: iso(NOW - 6 * HOUR),
    });
    assert.equal(status.lastSync?.id, running);
    assert.equal(status.runningSync?.id, running);
    assert.equal(status.runningSync?.status, 'running');
    assert.equal(status.runningSync?.pid, 4244);
    assert.deepEqual(status.lastSuccessfulSync, {
      id: first,
      status: 'succeeded',
      mode: 'full',
      startedAt: iso(NOW - 3 * HOUR),
      finishedAt: iso(NOW - 2 * HOUR),
      durationMs: 3_600_000,
      conversationsSynced: 40,
      partsSynced: 143,
      apiRequests: 57,
      error: null,
      pid: 4242,
    });
    assert.equal(status.dataAgeSeconds, 2 * HOUR);
    assert.deepEqual(status.checkpoint, { updatedAt: iso(NOW - 6 * HOUR), id: 'c-unassigned' });
    // A sync is running: no next one is scheduled until it ends.
    assert.equal(status.nextBackgroundSyncAt, null);

    // A run whose process died is reported as interrupted, not running.
    const crashed = getSyncStatus(database, {
      now: NOW,
      syncIntervalMinutes: 10,
      isProcessAlive: () => false,
    });
    assert.equal(crashed.runningSync, null);
    assert.equal(crashed.lastSync?.status, 'interrupted');
    assert.equal(crashed.nextBackgroundSyncAt, iso(NOW - 60 + 600));

    repository.finishRun(running, {
      status: 'failed',
      finished_at: NOW - 30,
      error_code: 'network',
      error_message: 'reset',
    });
    const after = getSyncStatus(database, { now: NOW, syncIntervalMinutes: 10, isProcessAlive: alive });
    assert.equal(after.runningSync, null);
    assert.deepEqual(after.lastSync?.error, { code: 'network', message: 'reset' });
    assert.equal(after.nextBackgroundSyncAt, iso(NOW - 60 + 600));
    assert.equal(
      getSyncStatus(database, { now: NOW, nextBackgroundSyncAt: NOW + 123 }).nextBackgroundSyncAt,
      iso(NOW + 123),
    );
    assert.throws(() => getSyncStatus(database, { syncIntervalMinutes: -1 }), { code: 'invalid_input' });
  } finally {
    await fixture.close();
  }
});
