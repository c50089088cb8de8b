import { setMaxListeners } from 'node:events';
import { RepositoryPageSink } from '../db/page-sink.js';
import { FicError, isFicError } from '../errors.js';
import { conversationPages } from '../intercom/conversation-pager.js';
import { ContactFetcher } from './contact-sync.js';
import { leanHeap } from './heap-settings.js';
import { MemoryGovernor } from './memory-governor.js';
import { syncMetadata } from './metadata-sync.js';
import { PagePipeline } from './page-pipeline.js';
import { planSync, SAME_SECOND_MARGIN_SECONDS, STATE_KEYS } from './sync-plan.js';
import type { ResumeState, SyncPlan } from './sync-plan.js';
import { SyncProgressTracker } from './sync-progress.js';
import type { SyncCheckpoint, SyncOptions, SyncResult } from './sync-types.js';

const DEFAULTS = { lookbackMinutes: 10, concurrency: 20, memoryLimitMb: 150, pagesAhead: 3 };

/**
 * One sync run: admins, teams and tags, then every conversation the plan lists (details only where
 * needed, written page by page with the checkpoint), recorded in sync_runs from start to finish.
 *
 * Resolves with the result when the run succeeded, or stopped at `maxConversations` ('partial').
 * Otherwise it throws a FicError (auth, api, timeout, aborted, ...) after recording the run as 'failed'
 * or 'interrupted' (aborted) with the error, `details.runId` naming the run: everything committed before
 * the failure stays, and the next run continues from it.
 */
export async function syncConversations(options: SyncOptions): Promise<SyncResult> {
  const { client, repository } = options;
  const now = options.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const startedMs = now();
  const startedAt = Math.floor(startedMs / 1000);
  const lookbackMinutes = options.lookbackMinutes ?? DEFAULTS.lookbackMinutes;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);

  const plan = planSync({
    mode: options.mode,
    since: options.since,
    lookbackMinutes,
    now: startedAt,
    checkpoint: repository.getState<SyncCheckpoint>(STATE_KEYS.checkpoint) ?? undefined,
    resume: repository.getState<ResumeState>(STATE_KEYS.resume) ?? undefined,
    recheck: repository.getState<number>(STATE_KEYS.recheck) ?? undefined,
  });
  const runId = repository.startRun({
    mode: options.mode,
    window_start: plan.since === 0 ? null : plan.since,
    pid: process.pid,
    started_at: startedAt,
  });

  const tracker = new SyncProgressTracker({ now, stats: () => client.stats, onProgress: options.onProgress });
  // One controller stops everything in flight: the caller's abort, or our own on the first failure.
  const controller = new AbortController();
  // Every queued request and in-flight fetch listens to it: hundreds of listeners is the design, not a leak.
  setMaxListeners(0, controller.signal);
  const onAbort = (): void =>
    controller.abort(
      new FicError(
        'aborted',
        'The sync was cancelled: what it wrote is kept, and the next sync continues from there.',
      ),
    );
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const pipeline = new PagePipeline({
    client,
    repository,
    sink: new RepositoryPageSink(repository),
    plan,
    tracker,
    contacts: new ContactFetcher(client, repository, startedAt),
    concurrency,
    pagesAhead: Math.max(1, options.pagesAhead ?? DEFAULTS.pagesAhead),
    maxConversations: options.maxConversations,
    checkpoint: repository.getState<SyncCheckpoint>(STATE_KEYS.checkpoint) ?? undefined,
    recheck: recheckDuring(plan, startedAt),
    nowSeconds,
    signal: controller.signal,
    onBeforeCommit: options.onBeforeCommit,
  });
  const governor = new MemoryGovernor({
    limitMb: options.memoryLimitMb ?? DEFAULTS.memoryLimitMb,
    maxConcurrency: concurrency,
    onChange: (allowed, memoryPressure) => pipeline.setConcurrency(allowed, memoryPressure),
    inFlightBytes: () => pipeline.inFlightBytes,
  });

  const finish = (status: string, error?: FicError): SyncResult => {
    governor.stop();
    tracker.stop();
    const stats = tracker.requestStats();
    const durationMs = Math.max(0, now() - startedMs);
    const rate =
      durationMs > 0 ? Math.round((tracker.conversationsWritten / durationMs) * 10_000) / 10 : null;
    repository.finishRun(runId, {
      status,
      finished_at: nowSeconds(),
      conversations_seen: tracker.conversationsSeen,
      conversations_synced: tracker.conversationsWritten,
      parts_synced: tracker.partsWritten,
      contacts_synced: tracker.contactsWritten,
      api_requests: stats.requests,
      retries: stats.retries,
      rate_limited: stats.rateLimited,
      errors: stats.errors,
      duration_ms: durationMs,
      peak_rss_mb: governor.peakRssMb,
      conversations_per_second: rate,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
    });
    return {
      status: status === 'partial' ? 'partial' : status === 'succeeded' ? 'succeeded' : 'failed',
      runId,
      conversationsSeen: tracker.conversationsSeen,
      conversationsSynced: tracker.conversationsWritten,
      conversationsMissing: tracker.conversationsMissing,
      partsSynced: tracker.partsWritten,
      contactsSynced: tracker.contactsWritten,
      apiRequests: stats.requests,
      retries: stats.retries,
      rateLimitedResponses: stats.rateLimited,
      durationMs,
      peakRssMb: governor.peakRssMb,
      checkpoint: repository.getState<SyncCheckpoint>(STATE_KEYS.checkpoint) ?? null,
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
    };
  };

  const releaseHeap = leanHeap();
  try {
    tracker.setPhase('metadata');
    await syncMetadata(client, repository, startedAt, { signal: controller.signal });
    tracker.setPhase('conversations');
    // Listed by id and update time only: the rest of each listed conversation comes with its details.
    const searcher = { searchConversations: client.searchConversationStamps.bind(client) };
    const pages = conversationPages(searcher, { updatedSince: plan.listFrom, signal: controller.signal });
    const outcome = await pipeline.run(pages);
    if (outcome.complete) {
      repository.writeConversations([], {
        [STATE_KEYS.resume]: undefined,
        [STATE_KEYS.recheck]: recheckAfter(plan, startedAt),
      });
    }
    tracker.setPhase('done');
    return finish(outcome.complete ? 'succeeded' : 'partial');
  } catch (caught) {
    if (!controller.signal.aborted) controller.abort(caught);
    const error = asFicError(options.signal?.aborted === true ? controller.signal.reason : caught);
    const result = finish(error.code === 'aborted' ? 'interrupted' : 'failed', error);
    throw new FicError(error.code, error.message, {
      cause: error,
      details: { ...error.details, runId, conversationsSynced: result.conversationsSynced },
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    releaseHeap();
  }
}

/**
 * The `recheck` mark written while the run goes: conversations we fetch from now on may be updated again
 * in the second we fetched them, and an earlier mark still stands until a run lists past it.
 */
function recheckDuring(plan: SyncPlan, startedAt: number): number {
  const own = startedAt - SAME_SECOND_MARGIN_SECONDS;
  return plan.recheckMark === null ? own : Math.min(plan.recheckMark, own);
}

/** Once a run has listed everything from its start, the earlier mark is settled if the listing covered it. */
function recheckAfter(plan: SyncPlan, startedAt: number): number {
  const own = startedAt - SAME_SECOND_MARGIN_SECONDS;
  return plan.recheckMark !== null && plan.listFrom > plan.recheckMark
    ? Math.min(plan.recheckMark, own)
    : own;
}

function asFicError(error: unknown): FicError {
  if (isFicError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FicError(
    'api',
    `The sync failed unexpectedly: ${message}. Run fic sync again; fic verify checks the database.`,
    {
      cause: error,
    },
  );
}
