import { parentPort, workerData } from 'node:worker_threads';
import { isFicError, runSync } from '@fastintercom/core';
import type { FicConfig, RunSyncOptions } from '@fastintercom/core';
import type { SyncWorkerMessage } from './worker-sync.js';

/** The worker thread of runSyncInWorker: one sync, its progress and its end posted to the parent. */
const { config, options } = workerData as {
  config: FicConfig;
  options: Pick<RunSyncOptions, 'mode' | 'since' | 'maxConversations' | 'concurrency' | 'reconcile'>;
};
const controller = new AbortController();
const post = (message: SyncWorkerMessage): void => parentPort!.postMessage(message);
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'abort') controller.abort();
});
try {
  const result = await runSync(config, {
    ...options,
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'result', result });
} catch (error) {
  post({
    type: 'error',
    error: isFicError(error)
      ? {
          code: error.code,
          message: error.message,
          details: JSON.parse(JSON.stringify(error.details)) as Record<string, unknown>,
        }
      : { code: 'internal', message: error instanceof Error ? error.message : String(error), details: {} },
  });
}
