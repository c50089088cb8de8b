import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import { mountScratch, mountSkipReason } from '../scratch-mount.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

interface VerifyJson {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; skipped?: boolean }[];
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

/**
 * A copy fic can read but not write, even as root: on a tmpfs remounted read-only (with the -wal and
 * -shm files a WAL database needs to be read there), or mode 0400 for anyone else. Undefined when
 * neither is possible.
 */
function readOnlyCopy(seeded: SeededDatabase): { file: string; release: () => void } | undefined {
  if (process.getuid?.() !== 0) {
    const file = copyOf(seeded, 'read-only.db');
    fs.chmodSync(file, 0o400);
    return { file, release: () => fs.chmodSync(file, 0o600) };
  }
  const mount = mountScratch(4);
  if (mount === undefined) return undefined;
  const file = path.join(mount.dir, 'read-only.db');
  const source = new BetterSqlite3(seeded.dbPath);
  try {
    source.pragma('wal_checkpoint(TRUNCATE)');
    // While this connection is open the -wal and -shm exist; copies of all three read as the database.
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(seeded.dbPath + suffix, file + suffix);
  } finally {
    source.close();
  }
  mount.remountReadOnly();
  return { file, release: mount.unmount };
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

  test('a copy with damaged pages exits 7 (the file is damaged)', async () => {
    const copy = copyOf(seeded, 'damaged.db');
    const size = fs.statSync(copy).size;
    const fd = fs.openSync(copy, 'r+');
    // Garbage over the middle of the file, past the header, so SQLite still opens it.
    fs.writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const run = await runFic(['verify', '--db', copy]);
    assert.equal(run.code, 7, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /FAILED|Error: /);
  });

  test('a read-only file: the search index comparison is skipped and says why, not reported as damage', async (t) => {
    const readOnly = readOnlyCopy(seeded);
    if (readOnly === undefined) return t.skip(mountSkipReason);
    try {
      const run = await runFicJson<VerifyJson>(['verify', '--db', readOnly.file]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const index = run.json.checks.find((check) => check.name === 'search_index');
      assert.deepEqual(
        { ok: index?.ok, skipped: index?.skipped },
        { ok: true, skipped: true },
        JSON.stringify(index),
      );
      assert.match(index?.detail ?? '', /^not checked: .*the file is read-only/);
      const table = await runFic(['verify', '--db', readOnly.file]);
      assert.match(table.stdout, /^search_index\s+skipped\s/m);
      assert.match(table.stdout, /: all \d+ checks passed \(search_index, ticket_search_index skipped\)\.$/m);
    } finally {
      readOnly.release();
    }
  });
});
