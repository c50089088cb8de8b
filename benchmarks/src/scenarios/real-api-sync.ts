import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFake, syncWithProgress } from '../bench-context.js';
import type { BenchContext } from '../bench-context.js';
import type { HugeConversationsReport, RealApiReport, RealApiStep } from '../bench-report.js';
import type { TruthStamps } from '../fake-intercom-process.js';
import type { SyncProcessRun } from '../sync/sync-process.js';

/**
 * Scenario 10, the realistic API: the same workspace, latency and rate limit as scenario 1, served by the
 * fake with every behaviour of REAL-API-BEHAVIOUR.md on (a search index that shows changes up to 30 s
 * late and out of order, a cursor without a tie-breaker, explicit nulls, part counts with the opening
 * message, the `id IN` limit, responses without rate-limit headers), and live changes with deletions,
 * merges and contact changes. After each sync the copy is compared with the fake's record store:
 * completeness is the share of conversations stored exactly (same update time, same parts count), with
 * nothing deleted still held. The copy must end complete.
 *
 * Steps: a full sync; 1% of the workspace changes (0.1% deleted) and an incremental sync runs at once,
 * while the index has not caught up; the index catches up (what 30 s do, flushed) and the next
 * incremental sync runs; then a reconciliation of the whole history (`fic sync --reconcile --full`).
 */
export async function runRealApiSync(context: BenchContext): Promise<RealApiReport> {
  const { options } = context;
  const fake = await startFake(context, 'realistic-api', {
    conversations: options.conversations,
    seed: options.seed,
    latencyMs: options.latencyMs,
    rateLimitPerMinute: options.rateLimitPerMinute,
    realistic: true,
  });
  try {
    const dbPath = path.join(context.workDir, 'realistic-api.db');
    const steps: RealApiStep[] = [];
    const step = async (
      name: string,
      mode: 'full' | 'incremental',
      reconcile?: 'auto' | 'window' | 'all' | 'off',
    ): Promise<void> => {
      const run = await syncWithProgress(context, 'realistic-api', fake, dbPath, mode, null, reconcile);
      steps.push({ name, ...summarize(run), completeness: completeness(dbPath, await fake.truthStamps()) });
    };

    await step('full sync', 'full');
    const changes = Math.max(10, Math.round(options.conversations / 100));
    const share = (fraction: number): number => Math.max(1, Math.round(changes * fraction));
    await fake.advance({
      newConversations: share(0.1),
      replies: share(0.4),
      closes: share(0.15),
      notes: share(0.1),
      assignments: share(0.1),
      merges: share(0.02),
      deletions: share(0.1),
      newContacts: share(0.02),
      contactEdits: share(0.05),
      contactMerges: share(0.01),
    });
    await step('incremental, index not caught up', 'incremental', 'off');
    await fake.flushSearchIndex();
    await step('incremental, index caught up', 'incremental', 'off');
    await step('reconcile the whole history', 'incremental', 'all');
    const { completeness: last } = steps[steps.length - 1]!;
    const complete = last.ratio === 1 && last.deletedHeld === 0;
    return { workspaceConversations: options.conversations, steps, complete };
  } finally {
    await fake.close();
  }
}

/**
 * Issue 10's memory case: 300 conversations whose opening messages are 4 MB each (a customer pasting a
 * log), no latency or rate limit, synced as `fic sync` runs; its peak RSS against the memory limit.
 */
export async function runHugeConversations(context: BenchContext): Promise<HugeConversationsReport> {
  const conversations = context.options.quick ? 20 : 300;
  const messageBytes = 4_000_000;
  const fake = await startFake(context, 'realistic-api', {
    conversations,
    seed: context.options.seed,
    latencyMs: 0,
    rateLimitPerMinute: 0,
    messageBytes,
  });
  try {
    const dbPath = path.join(context.workDir, 'huge.db');
    const run = await syncWithProgress(context, 'realistic-api', fake, dbPath, 'full', conversations);
    return {
      conversations,
      messageBytes,
      stored: run.result.conversationsSynced,
      peakRssMb: run.peakRssMb,
      memoryLimitMb: 150,
      durationMs: run.result.durationMs,
      apiRequests: run.requests.requests,
    };
  } finally {
    await fake.close();
  }
}

function summarize(run: SyncProcessRun): Omit<RealApiStep, 'name' | 'completeness'> {
  return {
    status: run.result.status,
    durationMs: run.result.durationMs,
    apiRequests: run.requests.requests,
    requestsByRoute: run.requests.byRoute,
    conversationsSynced: run.result.conversationsSynced,
    conversationsDeleted: run.result.conversationsDeleted,
    outstandingFailures: run.result.outstandingFailures,
    denseSeconds: run.result.denseSeconds?.count ?? 0,
  };
}

/** The copy against the record store: conversations stored exactly, missing, stale, deleted but held. */
export function completeness(dbPath: string, truth: TruthStamps): RealApiStep['completeness'] {
  const sqlite = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const stored = new Map(
      (
        sqlite.prepare('SELECT id, updated_at, parts_total_count FROM conversations').all() as {
          id: string;
          updated_at: number;
          parts_total_count: number;
        }[]
      ).map((row) => [row.id, row]),
    );
    let exact = 0;
    let missing = 0;
    let stale = 0;
    for (const conversation of truth.conversations) {
      const copy = stored.get(conversation.id);
      if (copy === undefined) missing += 1;
      else if (
        copy.updated_at !== conversation.updated_at ||
        copy.parts_total_count !== conversation.parts_total_count
      )
        stale += 1;
      else exact += 1;
    }
    const deletedHeld = truth.deleted.filter((id) => stored.has(id)).length;
    const expected = truth.conversations.length;
    return {
      expected,
      exact,
      missing,
      stale,
      deletedHeld,
      ratio:
        deletedHeld > 0 ? Math.min(exact / Math.max(1, expected), 0.999999) : exact / Math.max(1, expected),
    };
  } finally {
    sqlite.close();
  }
}
