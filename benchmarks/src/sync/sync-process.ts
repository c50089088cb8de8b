import type { SyncResult } from '@fastintercom/core';
import { FicError } from '@fastintercom/core';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';
import { benchEnv, NodeChild } from '../node-child.js';
import { packageScript } from '../repo-paths.js';
import type { RequestCounts } from './counting-transport.js';
import type { SyncRunnerInput, SyncRunnerMessage } from './sync-runner-protocol.js';

/** One point of the sync-rate-over-time chart. */
export interface SyncSample {
  /** Since the syncing process started, in ms. */
  tMs: number;
  phase: string;
  conversationsWritten: number;
  /** Conversations the listing reported, once known. */
  totalCount: number | null;
  apiRequests: number;
  rateLimited: number;
  rssMb: number;
}

export interface SyncProcessRun {
  /** Inside the syncing process, from its start to the sync's end. */
  wallMs: number;
  /** From spawning the syncing process to its exit, as a user of `fic sync` waits. */
  processWallMs: number;
  result: SyncResult;
  /** Counted on the wire by the syncing process. */
  requests: RequestCounts;
  peakRssMb: number;
  /** CPU time of the syncing process, and of the fake serving it over the same span. */
  cpuMs: number;
  fakeCpuMs: number | null;
  samples: SyncSample[];
}

export interface SyncProcessOptions {
  fake: FakeIntercomProcess;
  dbPath: string;
  mode: 'incremental' | 'full';
  concurrency: number | undefined;
  reconcile?: SyncRunnerInput['reconcile'];
  /** Default 1000. */
  sampleMs?: number;
  onSample?: (sample: SyncSample) => void;
  signal?: AbortSignal;
}

/**
 * The node settings of `fic`'s own binary (the shebang of packages/cli/bin/fic.js; a test keeps the two
 * equal), so the syncing process measured runs as `fic sync` does.
 */
export const FIC_NODE_OPTIONS = {
  args: ['--max-semi-space-size=2'],
  env: { MALLOC_ARENA_MAX: '1' },
} as const;

/**
 * Runs one sync in its own process (sync-runner: `runSync`, what `fic sync` runs) against the fake, and
 * collects its progress samples, its result, what it asked of the API and its peak RSS.
 */
export async function runSyncProcess(options: SyncProcessOptions): Promise<SyncProcessRun> {
  const input: SyncRunnerInput = {
    apiUrl: options.fake.url,
    token: options.fake.token,
    dbPath: options.dbPath,
    mode: options.mode,
    concurrency: options.concurrency,
    sampleMs: options.sampleMs ?? 1000,
    reconcile: options.reconcile,
  };
  const fakeCpuBefore = options.fake.cpuMs();
  const spawned = performance.now();
  const child = new NodeChild(
    [...FIC_NODE_OPTIONS.args, ...packageScript('sync/sync-runner'), JSON.stringify(input)],
    benchEnv(FIC_NODE_OPTIONS.env),
  );
  const abort = (): void => void child.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  const samples: SyncSample[] = [];
  let processWallMs = 0;
  let outcome: Extract<SyncRunnerMessage, { type: 'result' | 'error' }> | undefined;
  try {
    for await (const line of child.lines) {
      const message = parseMessage(line);
      if (message === undefined) continue;
      if (message.type === 'sample') {
        const { progress } = message;
        const sample: SyncSample = {
          tMs: message.tMs,
          phase: progress.phase,
          conversationsWritten: progress.conversationsWritten,
          totalCount: progress.totalCount,
          apiRequests: progress.apiRequests,
          rateLimited: progress.rateLimited,
          rssMb: message.rssMb,
        };
        samples.push(sample);
        options.onSample?.(sample);
      } else {
        outcome = message;
      }
    }
    await child.exited;
  } finally {
    processWallMs = Math.round(performance.now() - spawned);
    options.signal?.removeEventListener('abort', abort);
    await child.stop();
  }
  if (options.signal?.aborted === true) throw new FicError('aborted', 'The benchmark was cancelled.');
  if (outcome === undefined) {
    throw new FicError(
      'api',
      `The sync process ended without a result: ${child.stderrTail() || 'no output'}`,
    );
  }
  if (outcome.type === 'error') {
    throw new FicError('api', `The benchmark sync failed (${outcome.code}): ${outcome.message}`);
  }
  return {
    wallMs: outcome.wallMs,
    processWallMs,
    result: outcome.result,
    requests: outcome.requests,
    peakRssMb: outcome.peakRssMb,
    cpuMs: outcome.cpuMs,
    fakeCpuMs: fakeCpuBefore === null ? null : (options.fake.cpuMs() ?? fakeCpuBefore) - fakeCpuBefore,
    samples,
  };
}

function parseMessage(line: string): SyncRunnerMessage | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as SyncRunnerMessage;
  } catch {
    return undefined;
  }
}
