import { z } from 'zod';
import { presentJob, syncJobOutput } from '../sync-job-output.js';
import type { SyncJob, SyncJobManager } from '../sync-jobs.js';
import { SyncProgressNotifier } from '../sync-progress-notifier.js';
import type { ToolContext } from '../tool-context.js';
import { ToolError } from '../tool-results.js';
import type { ToolRegistry } from '../tool-registry.js';

const DAY_SECONDS = 86_400;

const input = z
  .strictObject({
    mode: z
      .enum(['incremental', 'full', 'window'])
      .optional()
      .describe(
        "'incremental' (default): what changed since the last sync. 'window': everything updated in the last " +
          "days. 'full': the whole workspace (long)",
      ),
    days: z.number().int().min(1).max(3650).optional().describe("For mode 'window': how many days back"),
    max_conversations: z.number().int().min(1).optional().describe('Stop after this many conversations'),
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(50)
      .optional()
      .describe(
        'Wait up to this long for the sync to end (default 0: return at once); progress is reported meanwhile',
      ),
  })
  .refine((args) => (args.mode === 'window') === (args.days !== undefined), {
    message: "days goes with mode 'window' (and mode 'window' needs days)",
  });

const output = syncJobOutput.extend({
  started: z.boolean().describe('False when a sync was already running: this is that job'),
  message: z.string(),
});

/** The structured answer of the tool, as clients receive it. */
export type SyncConversationsOutput = z.output<typeof output>;

export function registerSyncConversationsTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'sync_conversations',
    title: 'Sync from Intercom',
    description:
      'Fetches new and changed conversations from Intercom into the local database, in the background: ' +
      'returns a job id at once (a sync can take minutes). Follow it with get_sync_status. Use it when ' +
      'get_sync_status shows stale data or an empty database. Only one sync runs at a time.',
    input,
    output,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, extra) {
      const mode = args.mode ?? 'incremental';
      // The engine loads first, so a sync that cannot start fails within the turn awaited below.
      await context.jobs.load();
      const { job, started } = context.jobs.start({
        mode,
        since: args.days === undefined ? undefined : context.nowSeconds() - args.days * DAY_SECONDS,
        maxConversations: args.max_conversations,
        trigger: 'tool',
      });
      const token = extra._meta?.progressToken;
      const notifier = token === undefined ? undefined : new SyncProgressNotifier(extra, token);
      await notifier?.report(job);
      // A sync that cannot start (another sync holds the lock) fails within a turn: say so now, not later.
      await new Promise((resolve) => setImmediate(resolve));
      await waitForJob(context.jobs, job, (args.wait_seconds ?? 0) * 1000, extra.signal, notifier);
      if (started && job.status === 'failed' && job.error !== null) throw new ToolError(job.error.message);
      return { structured: { ...presentJob(job), started, message: describe(job, started) } };
    },
  });
}

function describe(job: SyncJob, started: boolean): string {
  if (job.status === 'running') {
    const prefix = started ? 'Sync started' : 'A sync is already running';
    return `${prefix} (job ${job.id}): call get_sync_status with this job_id to follow it.`;
  }
  if (job.status === 'failed') return `Sync failed: ${job.error?.message ?? 'unknown error'}`;
  if (job.status === 'partial') {
    return `Sync stopped at max_conversations after ${job.result?.conversationsSynced ?? 0} conversations: call sync_conversations again to continue.`;
  }
  return `Sync ${job.status}: ${job.result?.conversationsSynced ?? 0} conversations synced.`;
}

/** Resolves when the job ends, after `ms`, or when the call is cancelled, reporting progress meanwhile. */
async function waitForJob(
  jobs: SyncJobManager,
  job: SyncJob,
  ms: number,
  signal: AbortSignal,
  notifier: SyncProgressNotifier | undefined,
): Promise<void> {
  if (job.status !== 'running' || ms <= 0 || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    const unsubscribe = jobs.subscribe((changed) => {
      if (changed.id !== job.id) return;
      void notifier?.report(changed);
      if (changed.status !== 'running') finish();
    });
    signal.addEventListener('abort', finish, { once: true });
  });
  await notifier?.report(job);
}
