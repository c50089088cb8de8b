import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot, tempDir } from '../packages/cli/test/fic-process.js';

/**
 * The published package bundles the workspace packages and takes their libraries from its own
 * dependencies (see scripts/check-bundled-dependencies.ts, run by prepack): checked here on every
 * `npm test`, without packing.
 */

const script = path.join(repoRoot, 'scripts', 'check-bundled-dependencies.ts');

function check(root: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, root], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

/** A root with one bundled workspace, `workspace` being its package.json. */
function fakeRoot(rootDependencies: Record<string, string>, workspace: Record<string, unknown>): string {
  const root = tempDir('fic-pkg-');
  fs.mkdirSync(path.join(root, 'packages', 'core'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({
      name: 'fastintercom',
      workspaces: ['packages/core'],
      dependencies: { '@fastintercom/core': '0.1.0', ...rootDependencies },
      bundleDependencies: ['@fastintercom/core'],
    }),
  );
  fs.writeFileSync(
    path.join(root, 'packages', 'core', 'package.json'),
    JSON.stringify({ name: '@fastintercom/core', ...workspace }),
  );
  return root;
}

describe('the package dependencies', () => {
  test("the repository's bundled workspaces and root dependencies agree", () => {
    const run = check(repoRoot);
    assert.equal(run.status, 0, run.stderr);
  });

  test('the root package is publishable and ships what its bins need', () => {
    const root = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(root.private, undefined);
    assert.deepEqual(root.bin, { fastintercom: 'bin/fic', fic: 'bin/fic', 'fic-mcp': 'bin/fic-mcp' });
    const dependencies = root.dependencies as Record<string, string>;
    assert.ok(dependencies['better-sqlite3'], 'better-sqlite3 is a dependency npm builds on install');
    assert.ok(!(root.bundleDependencies as string[]).includes('better-sqlite3'));
  });

  test("a library in a bundled workspace's dependencies is refused (npm would pack it)", () => {
    const run = check(fakeRoot({ kysely: '^0.28.0' }, { dependencies: { kysely: '^0.28.0' } }));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /packages\/core: "kysely" in dependencies would be packed or missing/);
  });

  test('a workspace library the root lacks, or with another range, is refused', () => {
    const missing = check(fakeRoot({}, { devDependencies: { zod: '^4.0.0' } }));
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      /zod@\^4\.0\.0 is not in the root's dependencies with that range \(root: absent\)/,
    );
    const differs = check(fakeRoot({ zod: '^4.1.0' }, { devDependencies: { zod: '^4.0.0' } }));
    assert.equal(differs.status, 1);
    assert.match(differs.stderr, /\(root: \^4\.1\.0\)/);
  });

  test('peer dependencies of a bundled workspace are refused (npm treats them as bundled)', () => {
    const run = check(fakeRoot({ zod: '^4.0.0' }, { peerDependencies: { zod: '^4.0.0' } }));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /peerDependencies of a bundled package/);
  });
});
