import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acquireSyncLock } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { call, connect, eventually, failure, seedWorkspace, structured, testConfig } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';
import type {
  GetRecentConversationsOutput,
  GetSyncStatusOutput,
  SearchConversationsOutput,
  SyncConversationsOutput,
} from '../src/index.js';

describe('sync_conversations and get_sync_status', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 60 });
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  async function finished(jobId: string): Promise<GetSyncStatusOutput> {
    return eventually(async () => {
      const status = structured<GetSyncStatusOutput>(
        await call(connected.client, 'get_sync_status', { job_id: jobId }),
      );
      return status.job!.status === 'running' ? undefined : status;
    });
  }

  test('returns a job id at once; get_sync_status later shows it finished with the new data', async () => {
    workspace.fake.advance({ newConversations: 4, replies: 6 });
    const started = structured<SyncConversationsOutput>(await call(connected.client, 'sync_conversations'));
    assert.equal(started.started, true);
    assert.equal(started.status, 'running');
    assert.equal(started.mode, 'incremental');
    assert.equal(started.trigger, 'tool');
    assert.match(started.message, /get_sync_status/);

    const status = await finished(started.job_id);
    assert.equal(status.job!.status, 'succeeded');
    assert.ok(status.job!.result!.conversations_synced >= 4);
    assert.equal(status.job!.progress!.phase, 'done');
    assert.equal(status.database!.counts.conversations, workspace.fake.truth().conversations.length);
    assert.equal(status.database!.last_sync!.status, 'succeeded');

    const latest = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
    assert.equal(latest.job!.job_id, started.job_id);
  });

  test('sends progress notifications when the call carries a progressToken', async () => {
    const atOnce: Progress[] = [];
    const started = structured<SyncConversationsOutput>(
      await call(connected.client, 'sync_conversations', {}, { onprogress: (p) => atOnce.push(p) }),
    );
    assert.ok(atOnce.length >= 1);
    assert.match(atOnce[0]!.message ?? '', new RegExp(started.job_id));
    await finished(started.job_id);

    workspace.fake.advance({ replies: 10 });
    const waited: Progress[] = [];
    const result = structured(
      await call(
        connected.client,
        'sync_conversations',
        { mode: 'window', days: 3650, wait_seconds: 50 },
        { onprogress: (p) => waited.push(p) },
      ),
    );
    assert.equal(result.status, 'succeeded');
    assert.equal(result.mode, 'window');
    assert.ok(waited.length >= 2);
    for (let i = 1; i < waited.length; i++) assert.ok(waited[i]!.progress > waited[i - 1]!.progress);
    assert.match(waited.at(-1)!.message ?? '', /succeeded/);
  });

  test('another process holding the lock (cron) makes the call fail with who holds it', async () => {
    const lock = acquireSyncLock(workspace.dbPath);
    try {
      const reason = failure(await call(connected.client, 'sync_conversations'));
      assert.match(reason, new RegExp(`Another sync \\(pid ${process.pid}\\) is running`));
      const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
      assert.equal(status.job!.status, 'failed');
      assert.equal(status.job!.error!.code, 'locked');
    } finally {
      lock.release();
    }
  });

  test('reads keep working while a sync writes', async () => {
    const slow = await startFakeIntercom({ conversations: 60, seed: 7, latencyMs: 60 });
    const reader = await connect({ config: testConfig(slow, workspace.dbPath) });
    try {
      const started = structured<SyncConversationsOutput>(
        await call(reader.client, 'sync_conversations', { mode: 'full' }),
      );
      const again = structured<SyncConversationsOutput>(await call(reader.client, 'sync_conversations'));
      assert.equal(again.started, false, 'one sync at a time: the running job is returned');
      assert.equal(again.job_id, started.job_id);
      assert.match(again.message, /already running/);
      let readsDuringSync = 0;
      // Bounded: a sync that never finishes fails the test instead of hanging it.
      for (let round = 0; ; round++) {
        assert.ok(round < 20_000, 'the sync finished');
        const status = structured<GetSyncStatusOutput>(
          await call(reader.client, 'get_sync_status', { job_id: started.job_id }),
        );
        const recent = structured<GetRecentConversationsOutput>(
          await call(reader.client, 'get_recent_conversations', { limit: 5 }),
        );
        const hits = structured<SearchConversationsOutput>(
          await call(reader.client, 'search_conversations', { query: '"the"', limit: 3 }),
        );
        assert.equal(recent.conversations.length, 5);
        assert.ok(Array.isArray(hits.hits));
        if (status.job!.status !== 'running') {
          assert.equal(status.job!.status, 'succeeded');
          break;
        }
        readsDuringSync++;
        // The in-memory transport answers within microtasks: let the sync's HTTP I/O run between rounds.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(readsDuringSync > 0, 'at least one round of reads happened while the sync ran');
    } finally {
      await reader.close();
      await slow.close();
    }
  });
});

describe('background sync', () => {
  test('runs on the interval, is reported by get_sync_status, and stops on cleanup', async () => {
    const workspace = await seedWorkspace({ conversations: 20 });
    const config = testConfig(workspace.fake, workspace.dbPath, {
      FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'true',
      FASTINTERCOM_SYNC_INTERVAL_MINUTES: '0.005',
    });
    const connected = await connect({ config });
    try {
      const first = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
      assert.equal(first.background_sync.enabled, true);
      assert.equal(first.background_sync.interval_minutes, 0.005);
      assert.equal(typeof first.background_sync.next_run_at, 'string');

      const done = await eventually(async () => {
        const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
        return status.job?.status === 'succeeded' ? status : undefined;
      });
      assert.equal(done.job!.trigger, 'background');
      assert.equal(done.job!.mode, 'incremental');
    } finally {
      await connected.close();
      await workspace.close();
    }
  });

  test('starts at once when the copy is older than the interval, not when it is fresh', async () => {
    const workspace = await seedWorkspace({ conversations: 20 });
    const config = testConfig(workspace.fake, workspace.dbPath, {
      FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'true',
      FASTINTERCOM_SYNC_INTERVAL_MINUTES: '60',
    });
    const fresh = await connect({ config });
    try {
      // The age check is one query: once a tool call has answered, a due start-up sync would be listed.
      const status = structured<GetSyncStatusOutput>(await call(fresh.client, 'get_sync_status'));
      assert.equal(status.job, null, 'a copy younger than the interval waits for the interval');
    } finally {
      await fresh.close();
    }
    // Two hours later (the server's clock): the copy is two intervals old.
    const later = await connect({ config, now: () => Date.now() + 2 * 3600_000 });
    try {
      const done = await eventually(async () => {
        const status = structured<GetSyncStatusOutput>(await call(later.client, 'get_sync_status'));
        return status.job?.status === 'succeeded' ? status : undefined;
      });
      assert.equal(done.job!.trigger, 'background');
      assert.equal(done.job!.mode, 'incremental');
    } finally {
      await later.close();
      await workspace.close();
    }
  });
});
