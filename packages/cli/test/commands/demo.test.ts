import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { DemoResult } from '../../src/commands/demo.js';
import { cleanEnv, repoRoot, runFic, runFicJson, tempDir } from '../fic-process.js';

/** Runs each "Next, try" line through a shell, as a user pasting it would. */
function assertHintsWork(stdout: string, cwd: string, env: Record<string, string>): void {
  const hints = stdout
    .split('\nNext, try:\n')[1]
    ?.split('\n')
    .filter((line) => line.startsWith('  '));
  assert.ok(hints !== undefined && hints.length === 3, stdout);
  for (const hint of hints) {
    const child = spawnSync('/bin/sh', ['-c', hint.trim()], { cwd, env: cleanEnv(env), encoding: 'utf8' });
    assert.equal(child.status, 0, `${hint}\n${child.stderr}`);
    assert.ok(child.stdout.length > 0, hint);
  }
}

describe('fic demo', () => {
  test('syncs a simulated workspace into ./fic-demo.db, then shows status and a sample search', async () => {
    const cwd = tempDir('fic-demo-');
    const run = await runFic(['demo', '--conversations', '200'], { cwd, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const dbPath = path.join(cwd, 'fic-demo.db');
    assert.equal(fs.statSync(dbPath).mode & 0o777, 0o600);
    assert.match(run.stderr, /Starting a simulated Intercom workspace with 200 conversations/);
    assert.match(run.stdout, /^Sync finished: 200 conversations, /m);
    assert.match(run.stdout, /^Stored:\s+200 conversations, /m);
    // No fic on PATH here, and the working directory is outside the clone: hints name bin/fic by path.
    const fic = path.join(repoRoot, 'bin', 'fic');
    assert.ok(run.stdout.includes(`\n$ ${fic} search refund --db fic-demo.db\nID `), run.stdout);
    assert.ok(run.stdout.includes(`\n  ${fic} recent --state open --db fic-demo.db\n`), run.stdout);
    assertHintsWork(run.stdout, cwd, {});

    // A second run starts over; the result is the same workspace again.
    const again = await runFicJson<DemoResult>(['demo', '--conversations', '200'], {
      cwd,
      timeoutMs: 120_000,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.db_path, dbPath);
    assert.equal(again.json.sync.status, 'succeeded');
    assert.equal(again.json.status.counts.conversations, 200);
    assert.equal(again.json.status.last_sync?.status, 'succeeded');
    assert.ok(again.json.sample_search.result.hits.length > 0);
    const verify = await runFic(['verify', '--db', dbPath]);
    assert.equal(verify.code, 0, verify.stdout);
  });

  test('with this fic on PATH, the hints say fic, and they work as printed', async () => {
    const cwd = tempDir('fic-demo-');
    const binDir = tempDir('fic-path-');
    fs.symlinkSync(path.join(repoRoot, 'bin', 'fic'), path.join(binDir, 'fic'));
    const PATH = `${binDir}${path.delimiter}${process.env.PATH ?? ''}`;
    const run = await runFic(['demo', '--conversations', '50'], { cwd, env: { PATH }, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ {2}fic recent --state open --db fic-demo\.db$/m);
    assert.match(run.stdout, /^With your own workspace: fic init, then fic sync\.$/m);
    assertHintsWork(run.stdout, cwd, { PATH });
  });

  test('refuses to replace a file that is not a demo database', async () => {
    const cwd = tempDir('fic-demo-');
    fs.writeFileSync(path.join(cwd, 'precious.db'), 'keep me');
    const run = await runFic(['demo', '--db', 'precious.db', '--conversations', '10'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /precious\.db already exists/);
    assert.equal(fs.readFileSync(path.join(cwd, 'precious.db'), 'utf8'), 'keep me');
  });
});
