import { syncWithProgress } from '../bench-context.js';
import type { BenchContext } from '../bench-context.js';
import type { IncrementalReport } from '../bench-report.js';
import type { AdvanceResult } from '@fastintercom/fake-intercom';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';

/** Requests an incremental sync may make beyond one per changed conversation and its search pages. */
export const HANDFUL_REQUESTS = 10;

/**
 * Scenario 3: live traffic changes 1% of the workspace (advance(): new conversations, replies, closes,
 * notes, assignments), then an incremental sync brings the database up to date.
 */
export async function runIncrementalSync(
  context: BenchContext,
  fake: FakeIntercomProcess,
  dbPath: string,
): Promise<IncrementalReport> {
  const changes = Math.max(1, Math.round(context.options.conversations / 100));
  context.progress('incremental', 'advancing the workspace', 0, changes);
  const advanced = await advanceLiveTraffic(fake, changes);
  const changed = new Set([...advanced.created, ...advanced.updated]).size;
  const run = await syncWithProgress(context, 'incremental', fake, dbPath, 'incremental', changed);
  const searchRequests = run.requests.byRoute['POST /conversations/search'] ?? 0;
  context.progress('incremental', 'done', run.result.conversationsSynced, changed);
  return {
    changedConversations: changed,
    durationMs: run.result.durationMs,
    wallMs: run.processWallMs,
    conversationsSynced: run.result.conversationsSynced,
    apiRequests: run.requests.requests,
    requestsByRoute: run.requests.byRoute,
    searchRequests,
    allowedRequests: changed + searchRequests + HANDFUL_REQUESTS,
  };
}

/**
 * Live traffic of `changes` changes: a tenth new conversations, 45% replies, 20% closes, a tenth notes,
 * the rest assignments (a support team's mix).
 */
export function advanceLiveTraffic(fake: FakeIntercomProcess, changes: number): Promise<AdvanceResult> {
  const share = (fraction: number): number => Math.round(changes * fraction);
  return fake.advance({
    newConversations: share(0.1),
    replies: share(0.45),
    closes: share(0.2),
    notes: share(0.1),
    assignments: changes - share(0.1) - share(0.45) - share(0.2) - share(0.1),
  });
}
