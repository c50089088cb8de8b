import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { runSync } from '../../src/sync/run-sync.js';
import {
  assertConsistent,
  assertMatchesTruth,
  detailRequests,
  FAST_RETRIES,
  readDatabase,
  storedConversations,
  tempDatabase,
  testConfig,
} from './fixtures/sync-fixtures.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = 'packages/core/test/sync/fixtures/sync-child.ts';
const PAGE = 150;

interface ChildExit {
  signal: NodeJS.Signals | null;
  code: number | null;
  lines: string[];
}

/** Runs the sync child; SIGKILLs it from here when `killWhen` says so on one of its stdout lines. */
function runChild(
  fake: FakeIntercom,
  dbPath: string,
  extra: string[],
  killWhen: (line: string) => boolean,
): Promise<ChildExit> {
  const child = spawn(
    process.execPath,
    ['--conditions=@fastintercom/source', '--import', 'tsx', CHILD, dbPath, fake.url, fake.token, ...extra],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (killWhen(line)) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null && code !== 0) reject(new Error(`sync child failed (${code}): ${stderr}`));
      else resolve({ code, signal, lines });
    });
  });
}

for (const realistic of [false, true]) {
  test(`SIGKILL at several points, then a normal sync: equal to the truth, written work not fetched again${realistic ? ' (realistic API)' : ''}`, async (t) => {
    // Latency leaves time to kill; a workspace a day old has nothing "just updated" to re-check.
    const fake = await startFakeIntercom({
      conversations: 1200,
      seed: 21,
      latencyMs: 8,
      rateLimitPerMinute: 0,
      now: Math.floor(Date.now() / 1000) - 86_400,
      realistic,
    });
    const { dbPath, cleanup } = tempDatabase();
    try {
      // 1. Killed from outside while fetching, once two pages are in.
      let writtenLines = 0;
      const first = await runChild(
        fake,
        dbPath,
        [],
        (line) => line.startsWith('written ') && ++writtenLines === 3,
      );
      assert.equal(first.signal, 'SIGKILL', `first child was not killed: ${first.lines.join(' | ')}`);
      await assertConsistent(dbPath);
      const afterFirst = storedConversations(dbPath).size;
      assert.ok(afterFirst > 0 && afterFirst < 1200, `first child wrote ${afterFirst}`);

      // 2. Kills itself inside a page's write transaction, 40 part rows in.
      const second = await runChild(fake, dbPath, ['die-in-commit=1:40'], () => false);
      assert.equal(second.signal, 'SIGKILL', `second child did not die: ${second.lines.join(' | ')}`);
      assert.ok(
        second.lines.some((line) => line.startsWith('commit 1 ')),
        'it died in the commit of its page 1',
      );
      await assertConsistent(dbPath);
      const afterSecond = storedConversations(dbPath).size;
      assert.ok(afterSecond >= afterFirst && afterSecond < 1200);
      // The half-written page is not there: every stored conversation has all its parts.
      const torn = readDatabase(dbPath, (sqlite) =>
        sqlite
          .prepare(
            'SELECT count(*) FROM conversations c WHERE parts_stored <> (SELECT count(*) FROM conversation_parts p WHERE p.conversation_id = c.id)',
          )
          .pluck()
          .get(),
      );
      assert.equal(torn, 0);

      // 3. Killed from outside the moment it announces a commit (racing the transaction).
      const third = await runChild(fake, dbPath, [], (line) => line.startsWith('commit 1 '));
      assert.equal(third.signal, 'SIGKILL', `third child was not killed: ${third.lines.join(' | ')}`);
      await assertConsistent(dbPath);

      // 4. A normal sync finishes the job.
      const stored = storedConversations(dbPath);
      assert.ok(stored.size < 1200, 'work is left for the last run');
      const detailsBefore = detailRequests(fake);
      const result = await runSync(testConfig(fake, dbPath), { mode: 'incremental', client: FAST_RETRIES });
      assert.equal(result.status, 'succeeded');
      const truth = fake.truth();
      assertMatchesTruth(dbPath, truth);
      await assertConsistent(dbPath);

      const missing = truth.conversations.filter(
        (conversation) => stored.get(conversation.id) !== conversation.updated_at,
      ).length;
      const fetched = detailRequests(fake) - detailsBefore;
      assert.ok(fetched >= missing, 'every missing conversation was fetched');
      assert.ok(fetched - missing <= PAGE, `re-fetched ${fetched - missing} conversations already written`);
      t.diagnostic(
        `stored after each kill: ${afterFirst}, ${afterSecond}, ${stored.size}; last run fetched ${fetched}, ${fetched - missing} of them already written`,
      );

      // The killed runs are on record as interrupted, the last as succeeded.
      const statuses = readDatabase(dbPath, (sqlite) =>
        sqlite.prepare('SELECT status FROM sync_runs ORDER BY id').pluck().all(),
      );
      assert.deepEqual(statuses, ['interrupted', 'interrupted', 'interrupted', 'succeeded']);
      // The first run, killed outright after writing pages, is on record with what it wrote.
      const firstSynced = readDatabase(dbPath, (sqlite) =>
        sqlite.prepare('SELECT conversations_synced FROM sync_runs ORDER BY id LIMIT 1').pluck().get(),
      ) as number;
      assert.ok(firstSynced > 0 && firstSynced <= afterFirst, `the killed run recorded ${firstSynced}`);
    } finally {
      await fake.close();
      cleanup();
    }
  });
}
