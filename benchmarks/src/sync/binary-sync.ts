import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FicError } from '@fastintercom/core';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';
import { benchEnv } from '../node-child.js';
import { binaries, repoRoot } from '../repo-paths.js';

export interface BinarySyncRun {
  /** Peak RSS of the `bin/fic sync` process, from start to exit. */
  peakRssMb: number;
  /** How it was read: the kernel's maxrss through /usr/bin/time, or /proc's VmHWM, polled. */
  method: 'time' | 'proc';
  conversations: number;
  wallMs: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * `bin/fic sync --full --quiet --db DB` against the fake, started as a user's shell or cron starts it
 * (the file itself, so its shebang's node flags and variables apply), and its peak RSS as the kernel
 * counts it: /usr/bin/time's maxrss (getrusage of the exited child) where time is installed, else
 * VmHWM (the kernel's high-water mark of the resident set) read from /proc until the process exits.
 */
export async function runBinarySync(
  fake: FakeIntercomProcess,
  dbPath: string,
  signal?: AbortSignal,
): Promise<BinarySyncRun> {
  const syncArgs = ['sync', '--full', '--quiet', '--db', dbPath];
  const env = benchEnv({ INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url });
  const useTime = fs.existsSync(GNU_TIME);
  const timeFile = `${dbPath}.maxrss`;
  const [command, args] = useTime
    ? [GNU_TIME, ['-f', '%M', '-o', timeFile, binaries.fic, ...syncArgs]]
    : [binaries.fic, syncArgs];
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const abort = (): void => void child.kill('SIGTERM');
  signal?.addEventListener('abort', abort, { once: true });
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        polledKb = Math.max(polledKb, readVmHwmKb(child.pid) ?? 0);
      }, 50);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
  } finally {
    if (poll !== undefined) clearInterval(poll);
    signal?.removeEventListener('abort', abort);
  }
  const wallMs = Math.round(performance.now() - started);
  if (signal?.aborted === true) throw new FicError('aborted', 'The benchmark was cancelled.');
  if (code !== 0) {
    throw new FicError('api', `bin/fic sync exited with ${code}: ${stderr.trim() || 'no output'}`);
  }
  let peakKb = polledKb;
  if (useTime) {
    const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
    fs.rmSync(timeFile, { force: true });
    peakKb = Number(lines.at(-1));
    if (!Number.isFinite(peakKb) || peakKb <= 0) {
      throw new FicError('api', `${GNU_TIME} reported no maxrss: ${lines.join(' ')}`);
    }
  }
  return {
    peakRssMb: Math.round((peakKb / 1024) * 10) / 10,
    method: useTime ? 'time' : 'proc',
    conversations: countConversations(dbPath),
    wallMs,
  };
}

function readVmHwmKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(path.join('/proc', String(pid), 'status'), 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // exited between polls
  }
}

function countConversations(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
