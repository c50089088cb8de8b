import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where things are, from this file's place: benchmarks/src/*.ts under tsx (tests) or
 * benchmarks/dist/*.js once built (`fic bench`). The binaries it spawns always run the built code.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

/** True when this package runs from its TypeScript sources (through tsx), not from dist. */
export const runningFromSource = import.meta.url.endsWith('.ts');

export const repoRoot = path.resolve(here, '..', '..');
export const benchmarksRoot = path.resolve(here, '..');
export const defaultReportsDir = path.join(benchmarksRoot, 'reports');

export const binaries = {
  fic: path.join(repoRoot, 'bin', 'fic'),
  ficMcp: path.join(repoRoot, 'bin', 'fic-mcp'),
  fakeIntercom: path.join(repoRoot, 'bin', 'fake-intercom'),
} as const;

/**
 * The node arguments that run one of this package's own scripts (e.g. 'sync/sync-runner') in a child:
 * the built .js file, like every binary the benchmark spawns; the .ts source through tsx only when
 * nothing is built (tsx would add its own memory and start-up to what is measured).
 */
export function packageScript(relativeName: string): string[] {
  const built = path.join(benchmarksRoot, 'dist', `${relativeName}.js`);
  if (runningFromSource && !fs.existsSync(built)) {
    return [
      '--conditions=@fastintercom/source',
      '--import',
      'tsx',
      path.join(benchmarksRoot, 'src', `${relativeName}.ts`),
    ];
  }
  return [built];
}
