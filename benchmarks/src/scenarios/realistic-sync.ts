import path from 'node:path';
import { startFake, syncWithProgress } from '../bench-context.js';
import type { BenchContext } from '../bench-context.js';
import type { CpuShare, SyncReport } from '../bench-report.js';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';
import { round } from '../latency-stats.js';
import type { SyncProcessRun } from '../sync/sync-process.js';

/** One search page lists 150 conversations, each then fetched on its own: 151 requests per 150. */
export const SEARCH_PAGE_SIZE = 150;
const ORIGINAL_WORKSPACE = 44_310;

/** Conversations per second the rate limit allows at best: R / 60 / (1 + 1/150). Null without a limit. */
export function ceilingConversationsPerSecond(rateLimitPerMinute: number): number | null {
  if (rateLimitPerMinute <= 0) return null;
  return rateLimitPerMinute / 60 / (1 + 1 / SEARCH_PAGE_SIZE);
}

export function cpuShare(run: SyncProcessRun): CpuShare {
  const conversations = Math.max(1, run.result.conversationsSynced);
  return {
    syncMsPerConversation: round(run.cpuMs / conversations, 3),
    fakeMsPerConversation: run.fakeCpuMs === null ? null : round(run.fakeCpuMs / conversations, 3),
    syncCoreShare: round(run.cpuMs / Math.max(1, run.wallMs), 2),
  };
}

export interface RealisticSyncOutcome {
  report: SyncReport;
  run: SyncProcessRun;
  /** Still running: the incremental scenario advances it. The caller closes it. */
  fake: FakeIntercomProcess;
  dbPath: string;
}

/**
 * Scenario 1: a first full sync of the workspace against a fake with realistic latency and Intercom's
 * rate limit, the sync in its own process.
 */
export async function runRealisticSync(context: BenchContext): Promise<RealisticSyncOutcome> {
  const { options } = context;
  const fake = await startFake(context, 'sync', {
    conversations: options.conversations,
    seed: options.seed,
    latencyMs: options.latencyMs,
    rateLimitPerMinute: options.rateLimitPerMinute,
  });
  try {
    const dbPath = path.join(context.workDir, 'realistic.db');
    const run = await syncWithProgress(context, 'sync', fake, dbPath, 'full', options.conversations);
    const { result, requests } = run;
    const seconds = result.durationMs / 1000;
    const perSecond = seconds > 0 ? result.conversationsSynced / seconds : 0;
    const ceiling = ceilingConversationsPerSecond(options.rateLimitPerMinute);
    const report: SyncReport = {
      workspaceConversations: options.conversations,
      conversations: result.conversationsSynced,
      status: result.status,
      latencyMs: options.latencyMs,
      rateLimitPerMinute: options.rateLimitPerMinute,
      durationMs: result.durationMs,
      conversationsPerSecond: round(perSecond, 1),
      ceilingConversationsPerSecond: ceiling === null ? null : round(ceiling, 1),
      ceilingRatio: ceiling === null ? null : round(perSecond / ceiling, 3),
      apiRequests: requests.requests,
      requestsByRoute: requests.byRoute,
      conversationsPerRequest: round(result.conversationsSynced / Math.max(1, requests.requests), 3),
      rateLimitedResponses: requests.rateLimited,
      rateLimitedFraction: round(requests.rateLimited / Math.max(1, requests.requests), 5),
      retries: result.retries,
      peakRssMb: run.peakRssMb,
      cpu: cpuShare(run),
      secondsFor44310: round(
        options.conversations === ORIGINAL_WORKSPACE
          ? seconds
          : ORIGINAL_WORKSPACE / Math.max(perSecond, 1e-9),
        1,
      ),
      samples: run.samples,
    };
    context.progress('sync', 'done', result.conversationsSynced, options.conversations);
    return { report, run, fake, dbPath };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
