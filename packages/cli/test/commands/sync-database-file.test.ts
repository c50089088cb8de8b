import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { acquireSyncLock } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { StatusResult } from '../../src/database-status.js';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import { mountScratch, mountSkipReason } from '../scratch-mount.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** A copy of the seeded database, WAL folded in, with this mode. */
function copyOf(seeded: SeededDatabase, target: string, mode = 0o600): string {
  const source = new BetterSqlite3(seeded.dbPath);
  source.pragma('wal_checkpoint(TRUNCATE)');
  source.close();
  fs.copyFileSync(seeded.dbPath, target);
  fs.chmodSync(target, mode);
  return target;
}

describe('fic sync --db: only a database fic may write', () => {
  let seeded: SeededDatabase;
  let env: Record<string, string>;

  before(async () => {
    seeded = await seedDatabase({ conversations: 40 });
    env = { ...seeded.env, FASTINTERCOM_API_RETRY_COUNT: '0' };
  });
  after(() => seeded.fake.close());

  test('a directory, a device node and a text file are refused by name and left exactly as they were', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(folder);
    fs.chmodSync(folder, 0o755);
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'not a database\n');
    fs.chmodSync(notes, 0o644);
    const cases: { target: string; exit: number; says: RegExp }[] = [
      { target: folder, exit: 2, says: /is a directory, not a database file/ },
      { target: notes, exit: 7, says: /is not an SQLite database .*so fic leaves it alone/ },
    ];
    // A private /dev/null (mknod needs root); the real one is never handed to fic.
    const device = path.join(dir, 'null');
    if (spawnSync('mknod', [device, 'c', '1', '3']).status === 0) {
      fs.chmodSync(device, 0o666);
      cases.push({ target: device, exit: 2, says: /is a character device, not a database file/ });
    }
    const before = new Map(cases.map(({ target }) => [target, modeOf(target)]));
    const entries = fs.readdirSync(dir).sort();

    for (const { target, exit, says } of cases) {
      const run = await runFic(['sync', '--quiet', '--db', target], { env });
      assert.equal(run.code, exit, run.stderr);
      assert.match(run.stderr, new RegExp(`^Error: ${target} `));
      assert.match(run.stderr, says);
      assert.equal(modeOf(target), before.get(target), target);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), entries, 'no -journal, -wal or .lock left beside them');
    assert.deepEqual(fs.readdirSync(folder), []);
    assert.equal(fs.readFileSync(notes, 'utf8'), 'not a database\n');
  });

  test('a database made read-only (0400) is not written: exit 9, mode and bytes unchanged', async () => {
    const dir = tempDir();
    const target = copyOf(seeded, path.join(dir, 'kept.db'), 0o400);
    const bytes = fs.readFileSync(target);
    const run = await runFic(['sync', '--quiet', '--db', target], { env });
    assert.equal(run.code, 9, run.stderr);
    assert.match(
      run.stderr,
      /is read-only \(its mode is 0400\): fic sync writes into it; make it writable \(chmod u\+w/,
    );
    assert.equal(modeOf(target), 0o400);
    assert.deepEqual(fs.readFileSync(target), bytes);
    assert.deepEqual(fs.readdirSync(dir), ['kept.db']);
    // Reading it still works.
    const status = await runFic(['status', '--db', target], { env });
    assert.equal(status.code, 0, status.stderr);
  });

  test('a new database is 0600 in the 0700 directory fic creates; an existing 0640 one keeps its mode', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const fresh = path.join(dir, 'made', 'data.db');
    const first = await runFic(['sync', '--quiet', '--db', fresh], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(modeOf(fresh), 0o600);
    assert.equal(modeOf(path.dirname(fresh)), 0o700);
    assert.equal(modeOf(dir), 0o755);

    const shared = copyOf(seeded, path.join(dir, 'shared.db'), 0o640);
    const again = await runFic(['sync', '--quiet', '--db', shared], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(modeOf(shared), 0o640);
  });

  test('a database from a newer fic: exit 1 naming the version it needs, not "corrupted migrations"', async () => {
    const target = copyOf(seeded, path.join(tempDir(), 'newer.db'));
    const sqlite = new BetterSqlite3(target);
    sqlite.exec(`INSERT INTO kysely_migration VALUES ('9000-future', '2030-01-01');
                 INSERT INTO fic_migration_versions VALUES ('9000-future', '9.1.0', '2030-01-01');`);
    sqlite.close();
    const run = await runFic(['sync', '--quiet', '--db', target], { env });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /was written by fic 9\.1\.0 \(schema 9000-future\), newer than this fic .*upgrade fic to 9\.1\.0/,
    );
    assert.doesNotMatch(run.stderr, /corrupted migrations/);
  });

  test('a sync through a symbolic link waits for the lock of the file it names (exit 3)', async () => {
    const dir = tempDir();
    const real = copyOf(seeded, path.join(dir, 'real.db'));
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(real, link);
    const lock = acquireSyncLock(real);
    try {
      const run = await runFic(['sync', '--quiet', '--db', link], { env });
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, new RegExp(`Another sync \\(pid ${process.pid}\\) is running`));
    } finally {
      lock.release();
    }
  });

  test('a read-only filesystem exits 9 and says so (not 3: no other sync holds the database)', async (t) => {
    const mount = mountScratch(4);
    if (mount === undefined) return t.skip(mountSkipReason);
    try {
      const target = copyOf(seeded, path.join(mount.dir, 'data.db'));
      mount.remountReadOnly();
      const run = await runFic(['sync', '--quiet', '--db', target], { env });
      assert.equal(run.code, 9, run.stderr);
      assert.match(run.stderr, /is read-only \(it is on a read-only filesystem\)/);
      assert.doesNotMatch(run.stderr, /Another sync/);
      assert.deepEqual(fs.readdirSync(mount.dir), ['data.db']);
      // Without its -shm file a WAL database cannot even be read there: said so, exit 9.
      const status = await runFic(['status', '--db', target]);
      assert.equal(status.code, 9, status.stderr);
      assert.match(status.stderr, /needs its -shm file, .*Copy the database to a writable directory/);
    } finally {
      mount.unmount();
    }
  });

  test('a full disk exits 8 and says to free space, not a raw SQLite message', async (t) => {
    const mount = mountScratch(2);
    if (mount === undefined) return t.skip(mountSkipReason);
    const fake = await startFakeIntercom({ conversations: 800, rateLimitPerMinute: 0 });
    try {
      const target = path.join(mount.dir, 'data.db');
      const run = await runFic(['sync', '--quiet', '--db', target], {
        env: {
          INTERCOM_ACCESS_TOKEN: fake.token,
          FASTINTERCOM_API_URL: fake.url,
          FASTINTERCOM_API_RETRY_COUNT: '0',
        },
      });
      assert.equal(run.code, 8, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^Error: Could not .* in ${target}: database or disk is full\\. The disk holding ${mount.dir} is full: free some space`,
        ),
      );
      assert.doesNotMatch(run.stderr, /SqliteError|\n {4}at /);
      assert.ok(!fs.existsSync(`${target}.lock`), 'the lock is released');
      // The failed write rolled back, which frees its room in the WAL: the run is closed with its cause.
      const status = await runFicJson<StatusResult>(['status', '--db', target]);
      assert.equal(status.json.last_sync?.status, 'failed');
      assert.equal(status.json.last_sync?.error?.code, 'disk_full');
    } finally {
      await fake.close();
      mount.unmount();
    }
  });
});
