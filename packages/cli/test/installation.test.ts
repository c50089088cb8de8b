import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ficCommand, packageRoot, parseShebang } from '../src/installation.js';
import { repoRoot, tempDir } from './fic-process.js';

/** A fastintercom package on disk: package.json and bin/fic, like a clone or an installed copy. */
function fakePackage(parent: string, name = 'fastintercom'): string {
  const root = path.join(parent, name);
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fastintercom' }));
  fs.writeFileSync(path.join(root, 'bin', 'fic'), '#!/usr/bin/env node\n', { mode: 0o755 });
  return root;
}

function binDirWith(target: string): string {
  const dir = tempDir('fic-bin-');
  fs.symlinkSync(target, path.join(dir, 'fic'));
  return dir;
}

describe('how hints spell fic', () => {
  test('the package root of this run is the repository', () => {
    assert.equal(packageRoot(), fs.realpathSync(repoRoot));
  });

  test('fic when the first fic on PATH is this copy, even through a symlink', () => {
    const root = fakePackage(tempDir());
    const PATH = [binDirWith(path.join(root, 'bin', 'fic')), '/usr/bin'].join(path.delimiter);
    assert.equal(ficCommand({ cwd: tempDir(), env: { PATH }, root }), 'fic');
  });

  test('the path of bin/fic when the fic on PATH is another program', () => {
    const root = fakePackage(tempDir());
    const other = fakePackage(tempDir());
    const PATH = [binDirWith(path.join(other, 'bin', 'fic')), binDirWith(path.join(root, 'bin', 'fic'))].join(
      path.delimiter,
    );
    assert.equal(ficCommand({ cwd: tempDir(), env: { PATH }, root }), path.join(root, 'bin', 'fic'));
  });

  test('./bin/fic from the root of a clone; a path with spaces is quoted', () => {
    const root = fakePackage(tempDir(), 'my clone');
    assert.equal(ficCommand({ cwd: root, env: { PATH: '' }, root }), `.${path.sep}bin${path.sep}fic`);
    assert.equal(ficCommand({ cwd: tempDir(), env: {}, root }), `'${path.join(root, 'bin', 'fic')}'`);
  });

  test('npx fic when npx ran it inside the clone; a project-local node_modules/.bin is not PATH', () => {
    const root = fakePackage(tempDir());
    const localBin = path.join(root, 'node_modules', '.bin');
    fs.mkdirSync(localBin, { recursive: true });
    fs.symlinkSync(path.join(root, 'bin', 'fic'), path.join(localBin, 'fic'));
    const env = { PATH: localBin, npm_command: 'exec' };
    assert.equal(ficCommand({ cwd: path.join(root, 'bin'), env, root }), 'npx fic');
    assert.equal(ficCommand({ cwd: root, env, root }), 'npx fic');
    // Outside the clone `npx fic` would fetch whatever the registry calls fic: name the file instead.
    assert.equal(ficCommand({ cwd: tempDir(), env, root }), path.join(root, 'bin', 'fic'));
  });

  test('npx -y fastintercom when npx fetched this copy into its cache', () => {
    const cache = path.join(tempDir(), '_npx', 'a1b2c3', 'node_modules');
    fs.mkdirSync(cache, { recursive: true });
    const root = fakePackage(cache);
    assert.equal(ficCommand({ cwd: tempDir(), env: { npm_command: 'exec' }, root }), 'npx -y fastintercom');
  });
});

describe('the shebang fic runs with', () => {
  test("bin/fic's variables and node flags", () => {
    const line = fs.readFileSync(path.join(repoRoot, 'bin', 'fic'), 'utf8').split('\n', 1)[0]!;
    assert.deepEqual(parseShebang(line), {
      env: { MALLOC_ARENA_MAX: '1' },
      nodeArgs: ['--max-semi-space-size=2'],
    });
    assert.deepEqual(parseShebang('#!/usr/bin/env node'), { env: {}, nodeArgs: [] });
    assert.throws(() => parseShebang('#!/bin/sh'), /not a node shebang/);
  });

  test('the cli package bin and the root bin carry the same shebang', () => {
    const first = (file: string): string => fs.readFileSync(file, 'utf8').split('\n', 1)[0]!;
    assert.equal(
      first(path.join(repoRoot, 'packages', 'cli', 'bin', 'fic.js')),
      first(path.join(repoRoot, 'bin', 'fic')),
    );
  });
});
