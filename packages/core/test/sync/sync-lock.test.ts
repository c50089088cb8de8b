import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '../../src/errors.js';
import { acquireSyncLock, inspectSyncLock, readSyncLock, syncLockPath } from '../../src/sync/sync-lock.js';
import { deadPid } from '../db/fixtures.js';

let dir: string;
let dbPath: string;

const onLinux = fs.existsSync('/proc/self/stat');

/** Field 22 of /proc/<pid>/stat, read here independently of sync-lock.ts. */
function startTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

function bootId(): string {
  return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

function writeLock(info: Record<string, unknown>): void {
  fs.writeFileSync(syncLockPath(dbPath), JSON.stringify({ host: os.hostname(), startedAt: now(), ...info }));
}

const now = (): number => Math.floor(Date.now() / 1000);

function assertLocked(pid: number, says: RegExp): void {
  assert.throws(
    () => acquireSyncLock(dbPath),
    (error: unknown) =>
      error instanceof FicError &&
      error.code === 'locked' &&
      error.details.pid === pid &&
      says.test(error.message),
  );
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-lock-'));
  dbPath = path.join(dir, 'data.db');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a lock is held by this process until released', () => {
  const lock = acquireSyncLock(dbPath);
  assert.equal(lock.path, `${fs.realpathSync(dir)}/data.db.lock`);
  assert.equal(fs.statSync(lock.path).mode & 0o777, 0o600);
  assert.deepEqual(readSyncLock(dbPath), {
    pid: process.pid,
    startedAt: lock.info.startedAt,
    host: os.hostname(),
    ...(onLinux ? { processStart: startTicks(process.pid), bootId: bootId() } : {}),
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
    const wait = async (file) => {
      for (let polls = 0; !fs.existsSync(file); polls++) {
        if (polls > 100000) process.exit(9);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
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

test('two names for one database share one lock: a symbolic link, a relative path', () => {
  const link = path.join(dir, 'alias.db');
  fs.writeFileSync(dbPath, '');
  fs.symlinkSync(dbPath, link);
  const lock = acquireSyncLock(link);
  try {
    assert.equal(lock.path, `${fs.realpathSync(dbPath)}.lock`);
    assert.throws(() => acquireSyncLock(dbPath), { code: 'locked' });
    assert.throws(() => acquireSyncLock(path.relative(process.cwd(), dbPath)), { code: 'locked' });
    assert.equal(readSyncLock(dbPath)?.pid, process.pid);
  } finally {
    lock.release();
  }
  // A directory linked under another name: the database does not exist yet, its directory does.
  const linkedDir = path.join(dir, 'linked-dir');
  fs.symlinkSync(dir, linkedDir);
  const viaDir = acquireSyncLock(path.join(linkedDir, 'fresh.db'));
  try {
    assert.throws(() => acquireSyncLock(path.join(dir, 'fresh.db')), { code: 'locked' });
  } finally {
    viaDir.release();
  }
});

test('a lock whose pid now belongs to another process is stale, even pid 1, and is taken over', (t) => {
  if (!onLinux) return t.skip('process start times come from /proc (Linux)');
  for (const pid of [1, process.pid]) {
    writeLock({ pid, processStart: startTicks(pid) + 1, bootId: bootId() });
    const state = inspectSyncLock(dbPath);
    assert.equal(state?.stale, true);
    assert.match(state?.reason ?? '', new RegExp(`pid ${pid} now belongs to another process`));
    const lock = acquireSyncLock(dbPath);
    assert.equal(readSyncLock(dbPath)?.processStart, startTicks(process.pid));
    lock.release();
  }
});

test('a live holder is respected: same pid, same start time', (t) => {
  if (!onLinux) return t.skip('process start times come from /proc (Linux)');
  writeLock({ pid: 1, processStart: startTicks(1), bootId: bootId() });
  assert.equal(inspectSyncLock(dbPath)?.stale, false);
  assertLocked(1, /^Another sync \(pid 1\) is running on .*: wait for it to finish, or stop it \(kill 1\)/);
});

test('a lock taken before the machine restarted is stale', (t) => {
  if (!onLinux) return t.skip('boot ids come from /proc (Linux)');
  writeLock({ pid: 1, processStart: startTicks(1), bootId: '00000000-0000-0000-0000-000000000000' });
  assert.match(inspectSyncLock(dbPath)?.reason ?? '', /the machine has restarted/);
  acquireSyncLock(dbPath).release();
  // An older fic's lock (no start time nor boot id) from before this boot: stale as well.
  writeLock({ pid: 1, startedAt: 1 });
  assert.equal(inspectSyncLock(dbPath)?.stale, true);
  acquireSyncLock(dbPath).release();
});

test('an older lock on a live pid is respected, but fic says it cannot be sure instead of only "kill"', () => {
  writeLock({ pid: process.pid });
  assert.equal(inspectSyncLock(dbPath)?.stale, false);
  assertLocked(
    process.pid,
    new RegExp(
      `fic cannot tell whether pid ${process.pid} is still that sync \\(.*\\): if no fic sync is running, delete .*data\\.db\\.lock`,
    ),
  );
});

test('a path that is no database is refused before any lock file is created beside it', () => {
  const folder = path.join(dir, 'folder');
  fs.mkdirSync(folder);
  assert.throws(() => acquireSyncLock(folder), { code: 'invalid_input' });
  const notes = path.join(dir, 'notes.txt');
  fs.writeFileSync(notes, 'not a database');
  assert.throws(() => acquireSyncLock(notes), { code: 'corrupt' });
  assert.deepEqual(fs.readdirSync(dir).sort(), ['folder', 'notes.txt']);
});
