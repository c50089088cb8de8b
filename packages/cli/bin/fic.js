#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node --max-semi-space-size=2
// Memory: a sync allocates fast and keeps little, so a young generation of 2 x 2 MB (V8's default grows
// to 2 x 16 MB) and a single malloc arena (glibc may give each thread its own; the sync allocates from
// its main thread) keep ~38 MB less resident for ~5% more CPU in collections (see
// packages/core/src/sync/heap-settings.ts for the rest).
import { execute } from '@oclif/core/execute';
import { Exit } from '@oclif/core/handle';

// oclif ends every failed command with process.exit, which drops whatever a pipe has not taken yet:
// on Linux a pipe holds 64 KB, so a longer error (or --json error object) was cut there. Exit once
// stdout and stderr have written everything (a write's callback runs after the writes before it).
Exit.exit = (code = 0) => {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
};

await execute({ dir: import.meta.url });
