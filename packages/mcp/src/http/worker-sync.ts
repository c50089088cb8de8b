import { Worker } from 'node:worker_threads';
import { FicError } from '@fastintercom/core/read';
import type { FicConfig, FicErrorCode, RunSyncOptions, SyncProgress, SyncResult } from '@fastintercom/core';

export type SyncWorkerMessage =
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'result'; result: SyncResult }
  | { type: 'error'; error: { code: string; message: string; details: Record<string, unknown> } };

/**
 * core's runSync in a worker thread, for `fic serve`: the sync's CPU work (parsing, mapping, SQLite
 * writes, the quick_check before them) then never holds up the event loop that answers the team's
 * tool calls. Same options and answer; progress events arrive as messages; aborting the signal cancels
 * the sync in the worker (it records where it stopped, as in-thread). `fetch` and `now` cannot cross to
 * the worker: it uses the real ones.
 */
export function runSyncInWorker(config: FicConfig, options: RunSyncOptions): Promise<SyncResult> {
  const source = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(source ? './sync-worker.ts' : './sync-worker.js', import.meta.url), {
    workerData: {
      config,
      options: {
        mode: options.mode,
        since: options.since,
        maxConversations: options.maxConversations,
        concurrency: options.concurrency,
        reconcile: options.reconcile,
      },
    },
  });
  return new Promise<SyncResult>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => worker.postMessage({ type: 'abort' });
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // The worker listens for an abort, which would keep it (and the process) alive.
      void worker.terminate();
      outcome();
    };
    worker.on('message', (message: SyncWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'result') finish(() => resolve(message.result));
      else {
        const { code, message: text, details } = message.error;
        finish(() => reject(new FicError(code as FicErrorCode, text, { details })));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() =>
        reject(new FicError('aborted', `The sync worker ended (exit ${code}) before the sync did.`)),
      ),
    );
  });
}
