import type { ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { SyncJob } from './sync-jobs.js';
import type { ToolExtra } from './tool-registry.js';

/** At most one notification per this many ms while a sync runs (a sync reports far more often). */
const MIN_INTERVAL_MS = 250;

/**
 * Sends notifications/progress for a job to the client that asked with a progressToken. Progress counts
 * written conversations and only ever grows (as the protocol requires); total is the search's count
 * when known.
 */
export class SyncProgressNotifier {
  readonly #extra: ToolExtra;
  readonly #token: ProgressToken;
  #last = -1;
  #lastSentAt = 0;

  constructor(extra: ToolExtra, token: ProgressToken) {
    this.#extra = extra;
    this.#token = token;
  }

  async report(job: SyncJob): Promise<void> {
    const written = job.progress?.conversationsWritten ?? 0;
    const finished = job.status !== 'running';
    const progress = finished ? Math.max(written, this.#last + 1) : written;
    if (progress <= this.#last) return;
    if (!finished && this.#last >= 0 && Date.now() - this.#lastSentAt < MIN_INTERVAL_MS) return;
    this.#last = progress;
    this.#lastSentAt = Date.now();
    const total = job.progress?.totalCount ?? undefined;
    try {
      await this.#extra.sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken: this.#token,
          progress,
          ...(total === undefined || total < progress ? {} : { total }),
          message: describe(job, written, total),
        },
      });
    } catch {
      // The client went away; the sync goes on and get_sync_status still reports it.
    }
  }
}

function describe(job: SyncJob, written: number, total: number | undefined): string {
  if (job.status !== 'running') return `Sync ${job.status}: ${written} conversations written`;
  if (job.progress === null) return `Sync job ${job.id} started`;
  return `${job.progress.phase}: ${written}${total === undefined ? '' : ` of ${total}`} conversations written`;
}
