// Run by `npm pack` (prepack): the package bundles the workspace packages (bundleDependencies) and npm
// installs their libraries only from the root's `dependencies`. A library a bundled workspace lists in
// `dependencies` would be packed inside the tarball (a native one built for this machine), and one the
// root lacks would be missing at run time; so each bundled workspace lists its libraries as
// devDependencies, and the root's dependencies must carry every one with the same range.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name: string;
  workspaces?: string[];
  bundleDependencies?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

// The repository root, or another one given (the test's negative controls).
const rootDir = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const readJson = (file: string): PackageJson =>
  JSON.parse(fs.readFileSync(path.join(rootDir, file), 'utf8')) as PackageJson;
const root = readJson('package.json');
const bundled = root.bundleDependencies ?? [];
const rootDependencies = root.dependencies ?? {};
const workspaceDirs = Object.fromEntries(
  (root.workspaces ?? []).map((dir) => [readJson(`${dir}/package.json`).name, dir]),
);
const problems: string[] = [];
for (const name of bundled) {
  const dir = workspaceDirs[name];
  if (dir === undefined) {
    problems.push(`${name} is bundled but is not a workspace`);
    continue;
  }
  const pkg = readJson(`${dir}/package.json`);
  for (const [dependency, range] of Object.entries(pkg.dependencies ?? {})) {
    if (!bundled.includes(dependency)) {
      problems.push(
        `${dir}: "${dependency}" in dependencies would be packed or missing: bundle it, or list it in devDependencies and the root's dependencies`,
      );
    } else if (rootDependencies[dependency] !== range) {
      problems.push(`${dir}: ${dependency}@${range} differs from the root's ${rootDependencies[dependency]}`);
    }
  }
  for (const [dependency, range] of Object.entries(pkg.devDependencies ?? {})) {
    if (dependency.startsWith('@fastintercom/')) continue;
    if (rootDependencies[dependency] !== range) {
      problems.push(
        `${dir}: ${dependency}@${range} is not in the root's dependencies with that range (root: ${rootDependencies[dependency] ?? 'absent'})`,
      );
    }
  }
  for (const field of ['peerDependencies', 'optionalDependencies'] as const) {
    if (Object.keys(pkg[field] ?? {}).length > 0) {
      problems.push(`${dir}: ${field} of a bundled package are treated as bundled and never installed`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`The package's dependencies are inconsistent:\n  ${problems.join('\n  ')}\n`);
  process.exitCode = 1;
}
