import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open-database.js';
import { FicError } from '../../src/errors.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-file-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** Rejects with a FicError of this code whose message names the path. */
async function assertRefused(
  open: Promise<unknown>,
  code: string,
  target: string,
  says: RegExp,
): Promise<void> {
  await assert.rejects(open, (error: unknown) => {
    assert.ok(error instanceof FicError, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.includes(target), error.message);
    assert.match(error.message, says);
    return true;
  });
}

test('a directory is refused, its mode and contents left alone, nothing created beside it', async () => {
  const target = path.join(dir, 'folder');
  fs.mkdirSync(target, { mode: 0o755 });
  fs.chmodSync(target, 0o755);
  for (const readonly of [false, true]) {
    await assertRefused(openDatabase(target, { readonly }), 'invalid_input', target, /is a directory/);
  }
  assert.equal(modeOf(target), 0o755);
  assert.deepEqual(fs.readdirSync(target), []);
  assert.deepEqual(fs.readdirSync(dir), ['folder']);
});

test('a device node is refused and keeps its mode', async (t) => {
  const target = path.join(dir, 'null');
  // A private copy of /dev/null (the real one is never handed to the code under test).
  if (spawnSync('mknod', [target, 'c', '1', '3']).status !== 0) {
    t.skip('mknod is not permitted here (it needs root)');
    return;
  }
  fs.chmodSync(target, 0o666);
  await assertRefused(openDatabase(target), 'invalid_input', target, /is a character device/);
  assert.equal(modeOf(target), 0o666);
  assert.deepEqual(fs.readdirSync(dir), ['null']);
});

test('a text file is refused, unchanged: mode, content and no journal beside it', async () => {
  const target = path.join(dir, 'notes.txt');
  fs.writeFileSync(target, 'my notes, not a database\n', { mode: 0o644 });
  fs.chmodSync(target, 0o644);
  for (const readonly of [false, true]) {
    await assertRefused(openDatabase(target, { readonly }), 'corrupt', target, /is not an SQLite database/);
  }
  assert.equal(modeOf(target), 0o644);
  assert.equal(fs.readFileSync(target, 'utf8'), 'my notes, not a database\n');
  assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
});

test('a database its owner made read-only (0400) is not written: a clear error, mode and bytes unchanged', async () => {
  const target = path.join(dir, 'data.db');
  await (await openDatabase(target)).close();
  fs.chmodSync(target, 0o400);
  const before = fs.readFileSync(target);

  await assertRefused(
    openDatabase(target),
    'read_only',
    target,
    /is read-only \(its mode is 0400\).*chmod u\+w/,
  );
  assert.equal(modeOf(target), 0o400);
  assert.deepEqual(fs.readFileSync(target), before);
  assert.deepEqual(fs.readdirSync(dir), ['data.db']);
  // Reading it is still fine.
  const reader = await openDatabase(target, { readonly: true });
  await reader.close();
});

test('a new database is 0600 in the 0700 directories fic creates; an existing one keeps its mode', async () => {
  fs.chmodSync(dir, 0o755);
  const target = path.join(dir, 'new', 'nested', 'data.db');
  const created = await openDatabase(target);
  try {
    for (const file of [target, `${target}-wal`, `${target}-shm`]) assert.equal(modeOf(file), 0o600, file);
  } finally {
    await created.close();
  }
  assert.equal(modeOf(path.join(dir, 'new')), 0o700);
  assert.equal(modeOf(path.join(dir, 'new', 'nested')), 0o700);
  assert.equal(modeOf(dir), 0o755, 'an existing directory is left as it was');

  fs.chmodSync(target, 0o640);
  const database = await openDatabase(target);
  try {
    assert.equal(modeOf(target), 0o640);
    for (const side of ['-wal', '-shm']) {
      if (fs.existsSync(target + side)) assert.equal(modeOf(target + side), 0o640, side);
    }
  } finally {
    await database.close();
  }
});

test('a path below a file, and a dangling symbolic link, are refused by name', async () => {
  const file = path.join(dir, 'plain');
  fs.writeFileSync(file, '');
  await assertRefused(openDatabase(path.join(file, 'data.db')), 'invalid_input', file, /not a directory/);
  const link = path.join(dir, 'link.db');
  fs.symlinkSync(path.join(dir, 'missing.db'), link);
  await assertRefused(
    openDatabase(link),
    'invalid_input',
    link,
    /symbolic link to a file that does not exist/,
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['link.db', 'plain']);
});
