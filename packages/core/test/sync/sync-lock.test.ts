import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '../../src/errors.js';
import { acquireSyncLock, readSyncLock, syncLockPath } from '../../src/sync/sync-lock.js';
import { deadPid } from '../db/fixtures.js';

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-lock-'));
  dbPath = path.join(dir, 'data.db');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a lock is held by this process until released', () => {
  const lock = acquireSyncLock(dbPath);
  assert.equal(lock.path, `${dbPath}.lock`);
  assert.equal(fs.statSync(lock.path).mode & 0o777, 0o600);
  assert.deepEqual(readSyncLock(dbPath), {
    pid: process.pid,
    startedAt: lock.info.startedAt,
    host: os.hostname(),
  });

  lock.release();
  assert.equal(fs.existsSync(lock.path), false);
  assert.equal(readSyncLock(dbPath), undefined);
  lock.release();
  acquireSyncLock(dbPath).release();
});

test('a second acquirer is refused with the holder pid', () => {
  const lock = acquireSyncLock(dbPath);
  try {
    assert.throws(
      () => acquireSyncLock(dbPath),
      (error: unknown) =>
        error instanceof FicError &&
        error.code === 'locked' &&
        error.details.pid === process.pid &&
        error.message.includes(`pid ${process.pid}`),
    );
    assert.equal(readSyncLock(dbPath)?.pid, process.pid);
  } finally {
    lock.release();
  }
});

test('the lock of a process that died is taken over', async () => {
  const pid = await deadPid();
  const stale = JSON.stringify({ pid, startedAt: 1, host: os.hostname() });
  fs.writeFileSync(syncLockPath(dbPath), stale, { mode: 0o600 });

  const lock = acquireSyncLock(dbPath);
  assert.equal(readSyncLock(dbPath)?.pid, process.pid);
  assert.deepEqual(
    fs.readdirSync(dir).filter((name) => name !== 'data.db.lock'),
    [],
    'the stale lock is not left behind',
  );
  lock.release();
  assert.equal(fs.existsSync(syncLockPath(dbPath)), false);
});

test('releasing a lock that was taken over leaves the new holder alone', () => {
  const lock = acquireSyncLock(dbPath);
  const other = JSON.stringify({ pid: process.pid, startedAt: lock.info.startedAt + 1, host: os.hostname() });
  fs.writeFileSync(lock.path, other);
  lock.release();
  assert.equal(fs.readFileSync(syncLockPath(dbPath), 'utf8'), other);
});

test('an unreadable lock is respected while fresh and taken over once old', () => {
  const lockPath = syncLockPath(dbPath);
  fs.writeFileSync(lockPath, '');
  assert.throws(
    () => acquireSyncLock(dbPath),
    (error: unknown) => error instanceof FicError && error.code === 'locked',
  );
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lockPath, old, old);
  const lock = acquireSyncLock(dbPath);
  assert.equal(readSyncLock(dbPath)?.pid, process.pid);
  lock.release();
});

test('processes racing for a stale lock: exactly one wins', async () => {
  const pid = await deadPid();
  fs.writeFileSync(syncLockPath(dbPath), JSON.stringify({ pid, startedAt: 1, host: os.hostname() }));
  const go = path.join(dir, 'go');
  const done = path.join(dir, 'done');
  const moduleUrl = new URL('../../src/sync/sync-lock.ts', import.meta.url).href;
  // Each racer waits for `go`, tries once, reports, and holds what it got until `done`.
  const racer = `
    import fs from 'node:fs';
    const { acquireSyncLock } = await import(${JSON.stringify(moduleUrl)});
    const wait = async (file) => { while (!fs.existsSync(file)) await new Promise((r) => setTimeout(r, 5)); };
    await wait(${JSON.stringify(go)});
    let lock;
    try { lock = acquireSyncLock(${JSON.stringify(dbPath)}); process.stdout.write('acquired\\n'); }
    catch (error) { process.stdout.write(error.code + '\\n'); }
    await wait(${JSON.stringify(done)});
    lock?.release();`;
  const children = Array.from({ length: 4 }, () =>
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', racer], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const exits = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  const outcomes = children.map(
    (child, index) =>
      new Promise<string>((resolve) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.endsWith('\n')) resolve(output.trim());
        });
        void exits[index]!.then(() => resolve(output.trim()));
      }),
  );
  fs.writeFileSync(go, '');
  const results = await Promise.all(outcomes);
  fs.writeFileSync(done, '');
  await Promise.all(exits);
  assert.deepEqual(results.sort(), ['acquired', 'locked', 'locked', 'locked']);
});
