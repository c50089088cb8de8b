import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

interface VerifyJson {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

/** A copy of the seeded database (with its WAL folded in) to damage. */
function copyOf(seeded: SeededDatabase, name: string): string {
  const copy = path.join(tempDir(), name);
  const source = new BetterSqlite3(seeded.dbPath);
  try {
    source.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    source.close();
  }
  fs.copyFileSync(seeded.dbPath, copy);
  return copy;
}

describe('fic verify', () => {
  let seeded: SeededDatabase;

  before(async () => {
    seeded = await seedDatabase({ conversations: 60 });
  });
  after(() => seeded.fake.close());

  test('a freshly synced database passes every check', async () => {
    const run = await runFicJson<VerifyJson>(['verify', '--db', seeded.dbPath]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.ok, true, JSON.stringify(run.json.checks));
    assert.ok(run.json.checks.length >= 5);
    const table = await runFic(['verify', '--db', seeded.dbPath]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^integrity\s+ok\s/m);
    assert.match(table.stdout, /all \d+ checks passed\.$/m);
  });

  test('a copy with a missing conversation part exits 1 and says which check failed', async () => {
    const copy = copyOf(seeded, 'missing-part.db');
    const sqlite = new BetterSqlite3(copy);
    const victim = sqlite
      .prepare('SELECT conversation_id FROM conversation_parts WHERE position = 1 LIMIT 1')
      .pluck()
      .get() as string;
    sqlite.prepare('DELETE FROM conversation_parts WHERE conversation_id = ? AND position = 1').run(victim);
    sqlite.close();

    const run = await runFicJson<VerifyJson>(['verify', '--db', copy]);
    assert.equal(run.code, 1);
    assert.equal(run.json.ok, false);
    const failed = run.json.checks.filter((check) => !check.ok);
    assert.ok(failed.length > 0);
    assert.ok(
      failed.some((check) => check.detail.includes(victim)),
      JSON.stringify(failed),
    );
    const table = await runFic(['verify', '--db', copy]);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /FAILED/);
    assert.match(table.stdout, /checks failed\.$/m);
  });

  test('a copy with damaged pages exits 1', async () => {
    const copy = copyOf(seeded, 'damaged.db');
    const size = fs.statSync(copy).size;
    const fd = fs.openSync(copy, 'r+');
    // Garbage over the middle of the file, past the header, so SQLite still opens it.
    fs.writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const run = await runFic(['verify', '--db', copy]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /FAILED|Error: /);
  });
});
