import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { DemoResult } from '../../src/commands/demo.js';
import { runFic, runFicJson, tempDir } from '../fic-process.js';

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
    assert.match(run.stdout, /^\$ fic search refund --db fic-demo\.db\nID\s+UPDATED/m);
    assert.match(run.stdout, /^ {2}fic recent --state open --db fic-demo\.db$/m);

    // A second run starts over; the result is the same workspace again.
    const again = await runFicJson<DemoResult>(['demo', '--conversations', '200'], {
      cwd,
      timeoutMs: 120_000,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.dbPath, dbPath);
    assert.equal(again.json.sync.status, 'succeeded');
    assert.equal(again.json.status.counts.conversations, 200);
    assert.equal(again.json.status.lastSync?.status, 'succeeded');
    assert.ok(again.json.sampleSearch.result.hits.length > 0);
    const verify = await runFic(['verify', '--db', dbPath]);
    assert.equal(verify.code, 0, verify.stdout);
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
