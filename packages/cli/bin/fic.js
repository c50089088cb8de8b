#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8
// Memory: a sync allocates fast and keeps little, so a young generation of 2 x 8 MB (V8's default grows
// to 2 x 16 MB) and two malloc arenas (glibc may give each thread its own) keep ~25 MB less resident
// at no measurable cost (see packages/core/src/sync/heap-settings.ts for the rest).
import { execute } from '@oclif/core/execute';

await execute({ dir: import.meta.url });
