#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node --max-semi-space-size=2
// Memory: a sync allocates fast and keeps little, so a young generation of 2 x 2 MB (V8's default grows
// to 2 x 16 MB) and a single malloc arena (glibc may give each thread its own; the sync allocates from
// its main thread) keep ~38 MB less resident for ~5% more CPU in collections (see
// packages/core/src/sync/heap-settings.ts for the rest).
import { execute } from '@oclif/core/execute';

await execute({ dir: import.meta.url });
