import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { ConversationRepository, openDatabase } from '@fastintercom/core';
import { cleanEnv, ficBin, repoRoot, tempDir } from './fic-process.js';

// bin/fic.js: a failing command exits only once its output has gone down the pipes.

/**
 * Runs fic with stdout and stderr into a shell pipe (`fic ... 2>&1 | cat`), as a pipeline or cron
 * would. A pipe holds 64 KB; what it has not taken when the process exits is lost unless the process
 * waits for it.
 */
function runThroughPipe(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    'bash',
    ['-o', 'pipefail', '-c', '"$@" 2>&1 | cat', 'fic', process.execPath, ficBin, ...args],
    { cwd: repoRoot, env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the fic process on failure', () => {
  const dbPath = path.join(tempDir(), 'failed.db');
  /** A failed sync's recorded error, megabytes long: status --check prints it and exits 1. */
  const syncError = `the API said: ${'no. '.repeat(500_000)}`;

  before(async () => {
    const database = await openDatabase(dbPath);
    const repository = new ConversationRepository(database);
    const run = repository.startRun({ mode: 'full', window_start: null, pid: process.pid, started_at: 1 });
    repository.finishRun(run, {
      status: 'failed',
      finished_at: 2,
      error_code: 'api',
      error_message: syncError,
    });
    await database.close();
  });

  test('fic status --check prints a report megabytes long through a pipe whole, then exits 1', async () => {
    const run = await runThroughPipe(['status', '--check', '--db', dbPath]);
    assert.equal(run.code, 1);
    assert.ok(
      run.output.includes(`  error:   ${syncError}\n`),
      `the error is whole (${run.output.length} chars)`,
    );
    assert.match(
      run.output,
      /\nHealth: PROBLEMS\n {2}- No sync has succeeded yet: run fic sync\.\n {2}- The last sync failed: the API said: (no\. )+\n$/,
    );
  });

  test('with --json the whole object arrives', async () => {
    const run = await runThroughPipe(['status', '--check', '--db', dbPath, '--json']);
    assert.equal(run.code, 1);
    const status = JSON.parse(run.output) as { last_sync: { error: { message: string } } };
    assert.equal(status.last_sync.error.message, syncError);
  });
});
