import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSyncHealthProblem, getSyncHealth } from '../../src/queries/get-sync-health.js';
import { getDataFreshness, WORKSPACE_APP_STATE_KEY } from '../../src/queries/get-data-freshness.js';
import { HOUR, NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture, curatedConversations } from './query-fixture.js';

test('never synced: one problem, stale, and its remedy phrased by the caller', async () => {
  const empty = await createEmptyDatabase();
  try {
    const health = getSyncHealth(empty.database, { syncIntervalMinutes: 10, now: NOW });
    assert.equal(health.ok, false);
    assert.equal(health.stale, true);
    assert.equal(health.lastSyncStatus, null);
    assert.deepEqual(
      health.problems.map((problem) => problem.code),
      ['never_synced'],
    );
    assert.equal(
      describeSyncHealthProblem(health.problems[0]!, 'run fic sync'),
      'No sync has succeeded yet: run fic sync.',
    );
    assert.deepEqual(getDataFreshness(empty.database, NOW), {
      dataAgeSeconds: null,
      lastSyncStatus: null,
      workspaceApp: null,
    });
  } finally {
    await empty.close();
  }
});

test('fresh and clean is ok; stale, interrupted and a high error rate are each named', async () => {
  const fixture = await createQueryFixture(curatedConversations().slice(0, 2));
  try {
    const { repository, database } = fixture;
    const good = repository.startRun({
      mode: 'full',
      window_start: null,
      pid: 1,
      started_at: NOW - 2 * HOUR,
    });
    repository.finishRun(good, {
      status: 'succeeded',
      finished_at: NOW - HOUR,
      api_requests: 100,
      errors: 0,
    });
    repository.setState(WORKSPACE_APP_STATE_KEY, { idCode: 'abc123', name: 'Acme', region: 'US' });
    const fresh = getSyncHealth(database, { syncIntervalMinutes: 60, now: NOW });
    assert.equal(fresh.ok, true, JSON.stringify(fresh.problems));
    assert.equal(fresh.dataAgeSeconds, HOUR);
    assert.deepEqual(getDataFreshness(database, NOW), {
      dataAgeSeconds: HOUR,
      lastSyncStatus: 'succeeded',
      workspaceApp: { idCode: 'abc123', name: 'Acme', region: 'US' },
    });

    // Ten-minute intervals: an hour is more than three of them.
    const stale = getSyncHealth(database, { syncIntervalMinutes: 10, now: NOW });
    assert.deepEqual(
      stale.problems.map((problem) => problem.code),
      ['stale'],
    );
    assert.equal(
      stale.problems[0]!.message,
      'The data is 60 minutes old, more than 3 sync intervals (30 minutes).',
    );

    const broken = repository.startRun({
      mode: 'incremental',
      window_start: null,
      pid: 2,
      started_at: NOW - 60,
    });
    repository.finishRun(broken, {
      status: 'interrupted',
      finished_at: NOW - 30,
      api_requests: 50,
      errors: 5,
    });
    const interrupted = getSyncHealth(database, { syncIntervalMinutes: 60, now: NOW });
    assert.equal(interrupted.lastSyncStatus, 'interrupted');
    assert.equal(interrupted.errorRate, 0.1);
    assert.deepEqual(
      interrupted.problems.map((problem) => problem.code),
      ['last_sync_interrupted', 'error_rate'],
    );
    assert.match(
      interrupted.problems[1]!.message,
      /error rate was 10\.0% \(5 errors in 50 requests\), over 1%/,
    );
  } finally {
    await fixture.close();
  }
});
