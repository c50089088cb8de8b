import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { acquireSyncLock, resolveConfig, runSync, syncLockPath } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { WorkspaceTruth } from '@fastintercom/fake-intercom';
import Status from '../../src/commands/status.js';
import type { StatusResult } from '../../src/database-status.js';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import { runCommand } from '../run-command.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

process.env.FASTINTERCOM_CONFIG_PATH = path.join(tempDir(), 'config.json');

describe('fic status', () => {
  let seeded: SeededDatabase;
  let truth: WorkspaceTruth;

  before(async () => {
    seeded = await seedDatabase({ conversations: 150 });
    truth = seeded.fake.truth();
  });
  after(() => seeded.fake.close());

  test('--json: counts as the fake holds them, the last sync, coverage and checkpoint', async () => {
    const { result } = await runCommand<StatusResult>(Status, ['--db', seeded.dbPath, '--json']);
    assert.equal(result.database.path, seeded.dbPath);
    assert.ok(result.database.sizeBytes > 0);
    assert.equal(result.counts.conversations, truth.conversations.length);
    // Parts are what the API returns in conversation_parts; the opening message is not one.
    assert.equal(
      result.counts.parts,
      truth.conversations.reduce((sum, c) => sum + c.parts.length, 0),
    );
    assert.equal(result.counts.admins, truth.admins.length);
    assert.equal(result.counts.teams, truth.teams.length);
    assert.ok(result.counts.contacts > 0);

    assert.equal(result.lastSync?.status, 'succeeded');
    assert.equal(result.lastSync?.conversationsSynced, seeded.sync.conversationsSynced);
    assert.equal(result.lastSync?.apiRequests, seeded.sync.apiRequests);
    assert.equal(result.lastSync?.durationMs, seeded.sync.durationMs);
    assert.ok(!Number.isNaN(Date.parse(result.lastSync?.finishedAt ?? '')));
    assert.equal(typeof result.lastSync?.peakRssMb, 'number');
    assert.equal(result.lastSync?.errors, 0);

    const newest = Math.max(...truth.conversations.map((c) => c.updated_at));
    const oldest = Math.min(...truth.conversations.map((c) => c.created_at));
    assert.equal(result.coverage.newestUpdatedAt, new Date(newest * 1000).toISOString());
    assert.equal(result.coverage.oldestCreatedAt, new Date(oldest * 1000).toISOString());
    assert.equal(result.checkpoint?.updatedAt, new Date(newest * 1000).toISOString());
    assert.equal(result.syncInProgress, null);
    assert.deepEqual(result.health, { ok: true, problems: [], staleAfterSeconds: 3 * 10 * 60 });
  });

  test('prints the database, the counts and the last sync for people', async () => {
    const { stdout } = await runCommand(Status, ['--db', seeded.dbPath]);
    assert.match(stdout, new RegExp(`^Database:\\s+${seeded.dbPath} \\(\\d`, 'm'));
    assert.match(stdout, new RegExp(`^Stored:\\s+${truth.conversations.length} conversations, `, 'm'));
    assert.match(stdout, /^Last sync:\s+succeeded \(full\)/m);
    assert.match(stdout, /^Health: ok$/m);
  });

  test('shows a sync in progress: the pid holding the lock', async () => {
    const lock = acquireSyncLock(seeded.dbPath);
    try {
      const { result } = await runCommand<StatusResult>(Status, ['--db', seeded.dbPath, '--json']);
      assert.equal(result.syncInProgress?.pid, process.pid);
    } finally {
      lock.release();
    }
  });

  test("shows a running sync's progress: conversations and requests as its pages commit", async () => {
    // 20 requests a second: a 300-conversation sync takes 15 s or more, its first page commits after
    // 150 fetches, and status (another connection, as a second process would) reads the run's row.
    const fake = await startFakeIntercom({ conversations: 300, rateLimitPerMinute: 1200 });
    const dbPath = path.join(tempDir('fic-status-running-'), 'fic.db');
    const { config } = resolveConfig({
      flags: { accessToken: fake.token, apiUrl: fake.url, dbPath },
      env: {},
    });
    const controller = new AbortController();
    let finished = false;
    const sync = runSync(config, { mode: 'full', signal: controller.signal }).finally(() => {
      finished = true;
    });
    let seen: StatusResult['syncInProgress'] = null;
    try {
      for (let poll = 0; poll < 3_000 && !finished && seen === null; poll += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (!fs.existsSync(dbPath)) continue;
        const { result } = await runCommand<StatusResult>(Status, ['--db', dbPath, '--json']);
        const run = result.syncInProgress?.run;
        if (run != null && run.conversationsSynced > 0) seen = result.syncInProgress;
      }
    } finally {
      controller.abort();
      await sync.catch(() => undefined);
      await fake.close();
    }
    assert.ok(seen !== null, 'status never showed the running sync with progress');
    assert.equal(seen.pid, process.pid);
    assert.ok(seen.run!.conversationsSynced >= 1);
    assert.ok(seen.run!.apiRequests > seen.run!.conversationsSynced, 'requests counted while running');
  });

  test('--check exits 0 on fresh data and 1 once it is older than three sync intervals', async () => {
    const fresh = await runFic(['status', '--check', '--db', seeded.dbPath]);
    assert.equal(fresh.code, 0, fresh.stderr);
    // An interval of 0.005 minutes makes the data stale after 0.9 s.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stale = await runFicJson<StatusResult>(['status', '--check', '--db', seeded.dbPath], {
      env: { FASTINTERCOM_SYNC_INTERVAL_MINUTES: '0.005' },
    });
    assert.equal(stale.code, 1);
    assert.equal(stale.json.health.ok, false);
    assert.match(stale.json.health.problems.join('\n'), /older|minutes old/);
  });

  test('--check exits 1 when the last sync failed, naming its error rate', async () => {
    const copyDir = tempDir();
    const dbPath = path.join(copyDir, 'failing.db');
    const env = { ...seeded.env, FASTINTERCOM_DB_PATH: dbPath, FASTINTERCOM_API_RETRY_COUNT: '0' };
    assert.equal((await runFic(['sync', '--quiet', '--max-conversations', '20'], { env })).code, 0);
    seeded.fake.setFaults('500=1');
    try {
      const failed = await runFic(['sync', '--quiet'], { env });
      assert.equal(failed.code, 1, failed.stderr);
    } finally {
      seeded.fake.setFaults({});
    }
    const check = await runFicJson<StatusResult>(['status', '--check'], { env });
    assert.equal(check.code, 1);
    assert.equal(check.json.last_sync?.status, 'failed');
    assert.match(check.json.health.problems.join('\n'), /The last sync failed: /);
    // Every call failed at once (no retries): its error rate is far over 1%.
    assert.ok((check.json.last_sync?.error_rate ?? 0) > 0.01, JSON.stringify(check.json.last_sync));
    assert.match(
      check.json.health.problems.join('\n'),
      /The last sync's error rate was \d+\.\d% \(\d+ errors in \d+ requests\), over 1%\./,
    );
    const text = await runFic(['status', '--check'], { env });
    assert.match(text.stdout, /^Health: PROBLEMS\n {2}- The last sync failed: /m);
  });
  test('a lock left by a dead sync whose pid is now another process: reported, and the next sync takes it over', async (t) => {
    if (!fs.existsSync('/proc/1/stat')) return t.skip('process start times come from /proc (Linux)');
    const stat = fs.readFileSync('/proc/1/stat', 'utf8');
    const pid1Start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const lockPath = syncLockPath(seeded.dbPath);
    fs.writeFileSync(
      lockPath,
      JSON.stringify({
        pid: 1,
        startedAt: Math.floor(Date.now() / 1000),
        host: os.hostname(),
        processStart: pid1Start + 1,
        bootId: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
      }),
    );

    const status = await runFicJson<StatusResult>(['status', '--check', '--db', seeded.dbPath]);
    assert.equal(status.code, 1, status.stderr);
    assert.equal(status.json.sync_in_progress, null);
    assert.equal(status.json.stale_sync_lock?.pid, 1);
    assert.match(
      status.json.health.problems.join('\n'),
      /A sync \(pid 1\) stopped without finishing and left its lock .*\(pid 1 now belongs to another process .*\): the next fic sync takes the lock over\./,
    );

    const sync = await runFic(['sync', '--quiet', '--db', seeded.dbPath], { env: seeded.env });
    assert.equal(sync.code, 0, sync.stderr);
    assert.doesNotMatch(sync.stderr, /kill 1/);
    assert.equal(fs.existsSync(lockPath), false);
  });

  test('prints the integrity of the file', async () => {
    const { stdout } = await runCommand(Status, ['--db', seeded.dbPath]);
    assert.match(stdout, /^Integrity: +ok \(SQLite quick_check\)$/m);
  });
});
