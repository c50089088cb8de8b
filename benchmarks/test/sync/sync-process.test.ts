import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { FIC_NODE_OPTIONS } from '../../src/sync/sync-process.js';

test("the benchmark's syncing process runs with the node settings of fic's own binary", () => {
  const shebang = fs
    .readFileSync(new URL('../../../packages/cli/bin/fic.js', import.meta.url), 'utf8')
    .split('\n', 1)[0]!;
  const words = shebang.replace(/^#!\/usr\/bin\/env -S /, '').split(/\s+/);
  const env = Object.fromEntries(
    words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split('=') as [string, string]),
  );
  const args = words.slice(words.indexOf('node') + 1);
  assert.deepEqual(env, FIC_NODE_OPTIONS.env);
  assert.deepEqual(args, FIC_NODE_OPTIONS.args);
});
