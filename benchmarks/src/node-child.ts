import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './repo-paths.js';

/** A node child process whose stdout is read line by line, with the end of its stderr kept for errors. */
export class NodeChild {
  readonly process: ChildProcess;
  /** stdout, one line at a time. */
  readonly lines: AsyncIterableIterator<string>;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  #stderr = '';

  constructor(args: string[], env: NodeJS.ProcessEnv = benchEnv()) {
    this.process = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    const reader = readline.createInterface({ input: this.process.stdout!, crlfDelay: Infinity });
    this.lines = reader[Symbol.asyncIterator]();
    this.exited = new Promise((resolve, reject) => {
      this.process.once('error', reject);
      this.process.once('close', (code) => resolve(code));
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The last few KB the child wrote to stderr. */
  stderrTail(): string {
    return this.#stderr.trim();
  }

  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      await this.exited.catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The environment of every process the benchmark starts: the caller's, minus anything that would make
 * a run depend on the machine's own FastIntercom set-up (token, database, config file, settings).
 */
export function benchEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'INTERCOM_ACCESS_TOKEN' || key.startsWith('FASTINTERCOM_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    // A config file that does not exist: settings come from the environment given here only.
    FASTINTERCOM_CONFIG_PATH: path.join(os.tmpdir(), 'fic-bench-no-config', 'config.json'),
    FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false',
    ...extra,
  };
}
