import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where this copy of fic lives and how to start it again: the form hints print (`fic`, `npx fic`,
 * `./bin/fic`...), the wrapper and flags cron runs, the server MCP clients start. The same code runs
 * from a clone (packages/cli inside the repository) and from an installed package (the workspace
 * packages bundled under fastintercom/node_modules/@fastintercom/).
 */

const PACKAGE_NAME = 'fastintercom';

/** The fastintercom package root (the clone, or the installed package), found above packages/cli. */
export function packageRoot(): string {
  const cliRoot = fs.realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
  let dir = path.dirname(cliRoot);
  // Bounded by the depth of the path: each step goes one directory up until the filesystem root.
  for (;;) {
    if (readPackageName(path.join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cliRoot, '..', '..');
    dir = parent;
  }
}

/** The package's own `fic` (its shebang carries the memory flags). */
export function ficBinPath(root = packageRoot()): string {
  return path.join(root, 'bin', 'fic');
}

/** The package's own `fic-mcp`. */
export function ficMcpBinPath(root = packageRoot()): string {
  return path.join(root, 'bin', 'fic-mcp');
}

export interface InvocationContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  root: string;
}

/**
 * How a hint should spell fic so that pasting it works here: `fic` when the `fic` on PATH is this
 * copy, `npx -y fastintercom` when npx fetched this copy, `npx fic` when npx ran it inside a clone,
 * else the path of this copy's bin/fic (relative when it is below the working directory).
 */
export function ficCommand(
  context: InvocationContext = { cwd: process.cwd(), env: process.env, root: packageRoot() },
): string {
  const { cwd, env, root } = context;
  if (root.split(path.sep).includes('_npx')) return `npx -y ${PACKAGE_NAME}`;
  // npx puts the project's node_modules/.bin on PATH for its child only: a shell would not find fic there.
  const ranByNpx = env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx';
  if (ranByNpx && (cwd === root || isInside(root, cwd))) return 'npx fic';
  if (ficOnPathIsOurs(env.PATH ?? '', root)) return 'fic';
  const bin = ficBinPath(root);
  const relative = path.relative(cwd, bin);
  const shown = isInside(cwd, bin) ? `.${path.sep}${relative}` : bin;
  return shellWord(shown);
}

/**
 * The command line that runs `bin/fic ARGS` exactly as its shebang does, for a scheduler whose PATH
 * may hold no `node`: `/usr/bin/env VAR=value... /path/to/node --flags... /path/to/bin/fic`. `env`
 * adds settings to carry (after the shebang's own variables).
 */
export function ficLaunchCommand(
  args: string[],
  env: Record<string, string> = {},
  root = packageRoot(),
): string[] {
  const bin = ficBinPath(root);
  const shebang = parseShebang(fs.readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '');
  const assignments = Object.entries({ ...shebang.env, ...env }).map(([key, value]) => `${key}=${value}`);
  return ['/usr/bin/env', ...assignments, process.execPath, ...shebang.nodeArgs, bin, ...args];
}

/**
 * `#!/usr/bin/env -S NAME=value node --flag ...` -> its variables and node's arguments. A plain
 * `#!/usr/bin/env node` has neither.
 */
export function parseShebang(line: string): { env: Record<string, string>; nodeArgs: string[] } {
  const words = line
    .replace(/^#!\s*/, '')
    .split(/\s+/)
    .filter(Boolean);
  const nodeAt = words.findIndex((word) => word === 'node' || word.endsWith('/node'));
  if (nodeAt < 0) throw new Error(`not a node shebang: ${line}`);
  const env: Record<string, string> = {};
  for (const word of words.slice(0, nodeAt)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (match) env[match[1]!] = match[2]!;
  }
  return { env, nodeArgs: words.slice(nodeAt + 1) };
}

/** A word for a POSIX shell: as it is when it holds nothing the shell reads, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function ficOnPathIsOurs(searchPath: string, root: string): boolean {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '' || dir.endsWith(`node_modules${path.sep}.bin`)) continue;
    const candidate = path.join(dir, 'fic');
    let real: string;
    try {
      real = fs.realpathSync(candidate);
    } catch {
      continue;
    }
    // The first fic on PATH is the one a shell runs: ours or not, the search ends here.
    return isInside(root, real);
  }
  return false;
}

/** A path as a hint shows it: relative when below the working directory, else absolute. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  return shellWord(isInside(cwd, absolute) ? path.relative(cwd, absolute) : absolute);
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function readPackageName(file: string): string | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
