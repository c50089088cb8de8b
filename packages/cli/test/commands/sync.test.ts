import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { acquireSyncLock, syncLockPath } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import type { SyncCommandResult } from '../../src/commands/sync.js';
import type { StatusResult } from '../../src/database-status.js';
import { runFic, runFicJson, startFic, tempDir } from '../fic-process.js';

/** Resolves once `file` exists (polling: the lock appears when the other process starts syncing). */
async function waitForFile(file: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fic sync', () => {
  let fake: FakeIntercom;
  let env: Record<string, string>;

  before(async () => {
    fake = await startFakeIntercom({ conversations: 120, rateLimitPerMinute: 0 });
    env = { INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url };
  });
  after(() => fake.close());

  test('--json prints the counts and API work of the run; the database file is 0600', async () => {
    const dbPath = path.join(tempDir(), 'data.db');
    const run = await runFicJson<SyncCommandResult>(['sync', '--db', dbPath], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.status, 'succeeded');
    assert.equal(run.json.conversations_synced, fake.truth().conversations.length);
    assert.equal(
      run.json.parts_synced,
      fake.truth().conversations.reduce((sum, c) => sum + c.parts.length, 0),
    );
    for (const field of ['api_requests', 'retries', 'rate_limited_responses', 'duration_ms'] as const) {
      assert.equal(typeof run.json[field], 'number', field);
    }
    assert.ok(
      run.json.api_requests > run.json.conversations_synced,
      'one request per conversation, plus listing',
    );
    assert.equal(run.json.db_path, dbPath);
    assert.equal(run.stderr, '', '--json prints no progress');
    assert.equal(fs.statSync(dbPath).mode & 0o777, 0o600);
  });

  test('FASTINTERCOM_DB_PATH picks the database; off a terminal the output is plain lines and a summary', async () => {
    const dbPath = path.join(tempDir(), 'env.db');
    const run = await runFic(['sync', '--max-conversations', '30'], {
      env: { ...env, FASTINTERCOM_DB_PATH: dbPath },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.existsSync(dbPath));
    assert.match(run.stderr, new RegExp(`^Syncing \\(incremental\\) into ${dbPath}$`, 'm'));
    assert.ok(!run.stderr.includes('\u001b['), 'no terminal control codes when not a TTY');
    assert.match(run.stdout, /^Sync stopped early \(partial\): 30 conversations, /m);
  });

  test('--quiet prints nothing on success', async () => {
    const run = await runFic(['sync', '--quiet', '--db', path.join(tempDir(), 'quiet.db')], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '');
  });

  test('a rejected token exits 4 with a clear message and leaves the data as it was', async () => {
    const dbPath = path.join(tempDir(), 'auth.db');
    assert.equal((await runFic(['sync', '--quiet', '--db', dbPath], { env })).code, 0);
    const before = await runFicJson<StatusResult>(['status', '--db', dbPath]);

    const run = await runFic(['sync', '--db', dbPath], {
      env: { ...env, INTERCOM_ACCESS_TOKEN: 'revoked-token' },
    });
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /^Error: Intercom rejected the token in INTERCOM_ACCESS_TOKEN \(401\)/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(!run.stderr.includes('revoked-token'), 'the token is not echoed');

    const after = await runFicJson<StatusResult>(['status', '--db', dbPath]);
    assert.deepEqual(after.json.counts, before.json.counts);
    assert.deepEqual(after.json.checkpoint, before.json.checkpoint);
    assert.deepEqual(after.json.coverage, before.json.coverage);
  });

  test('no token at all exits 4 and says how to set one', async () => {
    const run = await runFic(['sync', '--db', path.join(tempDir(), 'none.db')], {
      env: { FASTINTERCOM_API_URL: fake.url },
    });
    assert.equal(run.code, 4);
    assert.match(run.stderr, /^Error: No Intercom access token: .*fic init/m);
  });

  test('a sync while this process holds the lock exits 3 naming the pid', async () => {
    const dbPath = path.join(tempDir(), 'locked.db');
    const lock = acquireSyncLock(dbPath);
    try {
      const run = await runFicJson<{ error: { code: string; details: { pid: number } } }>(
        ['sync', '--db', dbPath],
        { env },
      );
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, new RegExp(`^Error: .*\\(pid ${process.pid}\\)`, 'm'));
      assert.equal(run.json.error.code, 'locked');
      assert.equal(run.json.error.details.pid, process.pid);
    } finally {
      lock.release();
    }
  });

  test('two concurrent syncs on one database: one runs, the other exits 3', async () => {
    const slow = await startFakeIntercom({ conversations: 120, latencyMs: 25, rateLimitPerMinute: 0 });
    try {
      const dbPath = path.join(tempDir(), 'race.db');
      const slowEnv = { INTERCOM_ACCESS_TOKEN: slow.token, FASTINTERCOM_API_URL: slow.url };
      const first = startFic(['sync', '--db', dbPath, '--concurrency', '4'], { env: slowEnv });
      await waitForFile(syncLockPath(dbPath));
      const second = await runFic(['sync', '--db', dbPath], { env: slowEnv });
      const firstRun = await first.result;
      assert.equal(second.code, 3, second.stderr);
      assert.match(second.stderr, new RegExp(`\\(pid ${first.child.pid}\\)`));
      assert.equal(firstRun.code, 0, firstRun.stderr);
    } finally {
      await slow.close();
    }
  });

  test('a stale lock left by a killed sync is taken over', async () => {
    const dbPath = path.join(tempDir(), 'stale.db');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    fs.writeFileSync(
      syncLockPath(dbPath),
      JSON.stringify({ pid: Number(gone.stdout), startedAt: 1, host: os.hostname() }),
      {
        mode: 0o600,
      },
    );
    const run = await runFicJson<SyncCommandResult>(['sync', '--db', dbPath], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.status, 'succeeded');
    assert.ok(!fs.existsSync(syncLockPath(dbPath)), 'the lock is released afterwards');
  });

  test('bad flags exit 2 with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['sync', '--days', '3', '--full'], /--full=true cannot also be provided when using --days/],
      [['sync', '--days', 'three'], /Expected an integer but received: three/],
      [['sync', '--since', '31/01/2026'], /--since takes a date like 2026-01-31/],
      [['sync', '--concurrency', '0'], /Expected an integer greater than or equal to 1/],
      [['sync', '--bogus'], /Nonexistent flag: --bogus/],
    ];
    for (const [args, message] of cases) {
      const run = await runFic(args, { env });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });
});
