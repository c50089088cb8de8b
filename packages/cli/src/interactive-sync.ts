import { setMaxListeners } from 'node:events';
import type { FicConfig, FicErrorCode, RunSyncOptions, SyncResult } from '@fastintercom/core';
import type { SyncProgressRenderer } from './progress/sync-progress-renderer.js';

/**
 * core's runSync as a terminal runs it (fic sync, fic demo): progress shown by the renderer, and
 * Ctrl-C or SIGTERM stopping the sync cleanly (the pages it committed stay; the run is recorded as
 * interrupted) instead of killing the process mid-write. Failures are FicErrors (BaseCommand maps
 * them to exit codes).
 */
export async function runInteractiveSync(
  config: Readonly<FicConfig>,
  options: Omit<RunSyncOptions, 'signal' | 'onProgress'>,
  progress: SyncProgressRenderer,
): Promise<SyncResult> {
  const { FicError, runSync } = await import('@fastintercom/core');
  const controller = new AbortController();
  // Every request in flight listens to the signal (20 by default, up to 256): not a leak.
  setMaxListeners(0, controller.signal);
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const result = await runSync(config, {
      ...options,
      signal: controller.signal,
      onProgress: progress.update,
    });
    // runSync throws its failures; a result that still says 'failed' must not exit 0 either.
    if (result.status === 'failed') {
      const { code, message } = result.error ?? { code: 'api', message: 'The sync failed.' };
      throw new FicError(code as FicErrorCode, message);
    }
    return result;
  } finally {
    progress.stop();
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
