import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SnakeCased } from '@fastintercom/core/snake-case';

/** The repository root; `./bin/fic` there runs the built CLI (packages/cli/dist: `npx tsc -b`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ficBin = path.join(repoRoot, 'bin', 'fic');

export interface FicRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface FicOptions {
  /** Added to a clean environment (HOME is a temp dir unless given; no INTERCOM_ or FASTINTERCOM_ variables leak in). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Kills the process after this many ms (a hung test fails instead of hanging). Default 60 s. */
  timeoutMs?: number;
}

const tempDirs: string[] = [];

/** A temp directory removed when the test process exits (one exit listener for all of them). */
export function tempDir(prefix = 'fic-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (tempDirs.push(dir) === 1) {
    process.once('exit', () => {
      for (const made of tempDirs) fs.rmSync(made, { recursive: true, force: true });
    });
  }
  return dir;
}

/** The environment a spawned fic sees: nothing of the developer's Intercom settings or home. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('INTERCOM_') || key.startsWith('FASTINTERCOM_') || key.startsWith('NODE_')) continue;
    env[key] = value;
  }
  env.HOME = extra.HOME ?? tempDir('fic-home-');
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts `./bin/fic ...args`; `result` resolves when it exits. */
export function startFic(
  args: string[],
  options: FicOptions = {},
): { child: ChildProcess; result: Promise<FicRun> } {
  const child = spawn(process.execPath, [ficBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const result = new Promise<FicRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, result };
}

export async function runFic(args: string[], options: FicOptions = {}): Promise<FicRun> {
  return startFic(args, options).result;
}

/**
 * Runs fic with --json and parses stdout (fails the test with the output when it is not JSON). `T` is
 * the command's result type; the JSON is its snake_case form (docs/json.md), and typed so.
 */
export async function runFicJson<T = Record<string, unknown>>(
  args: string[],
  options: FicOptions = {},
): Promise<FicRun & { json: SnakeCased<T> }> {
  const run = await runFic([...args, '--json'], options);
  try {
    return { ...run, json: JSON.parse(run.stdout) as SnakeCased<T> };
  } catch {
    throw new Error(
      `fic ${args.join(' ')} --json printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`,
    );
  }
}
