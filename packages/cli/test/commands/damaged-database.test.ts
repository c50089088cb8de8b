import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { StatusResult } from '../../src/database-status.js';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

/**
 * A synced database whose search index pages were overwritten with garbage: the conversations, counts
 * and sync history still read, every full-text search hits the damage.
 */
function damagedCopy(seeded: SeededDatabase): string {
  const copy = path.join(tempDir(), 'damaged.db');
  const source = new BetterSqlite3(seeded.dbPath);
  source.pragma('wal_checkpoint(TRUNCATE)');
  source.close();
  fs.copyFileSync(seeded.dbPath, copy);
  const sqlite = new BetterSqlite3(copy, { readonly: true });
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const pages = sqlite
    .prepare(`SELECT pageno FROM dbstat WHERE name = 'conversations_fts_data' AND pagetype = 'leaf'`)
    .pluck()
    .all() as number[];
  sqlite.close();
  assert.ok(pages.length > 0);
  const fd = fs.openSync(copy, 'r+');
  for (const page of pages) {
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  }
  fs.closeSync(fd);
  return copy;
}

describe('a damaged database is noticed by every command, not only verify', () => {
  let seeded: SeededDatabase;
  let copy: string;

  before(async () => {
    seeded = await seedDatabase({ conversations: 120 });
    copy = damagedCopy(seeded);
  });
  after(() => seeded.fake.close());

  test('status: unhealthy, naming the damage and the way to rebuild; --check exits 7', async () => {
    const status = await runFicJson<StatusResult>(['status', '--db', copy]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json.integrity.ok, false);
    assert.equal(status.json.health.ok, false);
    const problems = status.json.health.problems.join('\n');
    assert.match(
      problems,
      /The database file is damaged \(SQLite quick_check: .+\), so fic sync will not write into it/,
    );
    assert.match(problems, new RegExp(`run fic verify --db ${copy}.*and run fic sync --full --db ${copy}`));

    const check = await runFic(['status', '--check', '--db', copy]);
    assert.equal(check.code, 7, check.stderr);
    assert.match(check.stdout, /^Health: PROBLEMS\n {2}- The database file is damaged/m);
    assert.match(check.stdout, /^Integrity: +damaged: /m);
  });

  test('sync refuses to write into it: exit 7, says to run fic verify and how to rebuild, file untouched', async () => {
    const bytes = fs.readFileSync(copy);
    const run = await runFic(['sync', '--quiet', '--db', copy], { env: seeded.env });
    assert.equal(run.code, 7, run.stderr);
    assert.match(
      run.stderr,
      /is damaged \(SQLite quick_check: .*\), so fic sync will not write into it: run fic verify/,
    );
    assert.match(run.stderr, /move the file and its -wal and -shm files aside .* run fic sync --full/);
    assert.deepEqual(fs.readFileSync(copy), bytes);
  });

  test('search: exit 7 with the same advice, not a raw SQLite error', async () => {
    for (const args of [
      ['search', 'refund'],
      ['search', 'refund', '--json'],
    ]) {
      const run = await runFic([...args, '--db', copy]);
      assert.equal(run.code, 7, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^Error: ${copy}: .*\\. The database file is damaged or is not an SQLite database: run fic verify`,
        ),
      );
      assert.doesNotMatch(run.stderr, /SqliteError|\n {4}at /);
    }
  });

  test('verify: exit 7, the integrity check failed', async () => {
    const run = await runFic(['verify', '--db', copy]);
    assert.equal(run.code, 7, run.stdout + run.stderr);
    assert.match(run.stdout, /^integrity\s+FAILED/m);
  });

  test('over 32 MB, plain status says it did not check the file; --check checks it', async () => {
    const big = path.join(tempDir(), 'big.db');
    fs.copyFileSync(copy, big);
    const sqlite = new BetterSqlite3(big);
    sqlite.exec(`CREATE TABLE padding (b BLOB); INSERT INTO padding VALUES (zeroblob(${34 * 1024 * 1024}));`);
    sqlite.close();

    const plain = await runFicJson<StatusResult>(['status', '--db', big]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.json.integrity.checked, false);
    assert.match(
      plain.json.integrity.detail,
      /^not checked by every fic status \(\d+ MB, over 32 MB\): fic status --check/,
    );
    const check = await runFicJson<StatusResult>(['status', '--check', '--db', big]);
    assert.equal(check.code, 7, check.stderr);
    assert.equal(check.json.integrity.ok, false);
  });

  test('a sound database still reads as healthy', async () => {
    const status = await runFicJson<StatusResult>(['status', '--check', '--db', seeded.dbPath]);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(status.json.integrity, {
      checked: true,
      ok: true,
      problems: [],
      detail: 'ok (SQLite quick_check)',
    });
  });
});
