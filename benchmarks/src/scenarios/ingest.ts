import fs from 'node:fs';
import path from 'node:path';
import type { PrerenderResult } from '@fastintercom/fake-intercom';
import { FicError } from '@fastintercom/core';
import { runIngestBaseline } from '../baselines/ingest-baseline.js';
import { startFake, syncWithProgress } from '../bench-context.js';
import type { BenchContext } from '../bench-context.js';
import type { ScenarioName } from '../bench-options.js';
import type { IngestReport, MemoryReport } from '../bench-report.js';
import { round } from '../latency-stats.js';
import { cpuShare } from './realistic-sync.js';
import { runBinarySync } from '../sync/binary-sync.js';
import type { BinarySyncRun } from '../sync/binary-sync.js';
import type { SyncProcessRun } from '../sync/sync-process.js';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';

/** What fic sends (core's IntercomClient default). */
const INTERCOM_VERSION = '2.16';

/**
 * Has the fake render every conversation's GET /conversations/{id} response (POST /_fake/prerender, with
 * the Intercom-Version fic sends and no display_as, as fic asks) before the sync's clock starts, so the
 * fake's share of the two cores while measured is serving bytes over HTTP, as a remote API's would be,
 * not generating the workspace.
 */
async function prerender(fake: FakeIntercomProcess): Promise<PrerenderResult> {
  const response = await fetch(`${fake.url}/_fake/prerender`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.token}`, 'intercom-version': INTERCOM_VERSION },
  });
  if (!response.ok) {
    throw new FicError('api', `The fake refused to prerender (${response.status}): ${await response.text()}`);
  }
  return (await response.json()) as PrerenderResult;
}

/** A full sync against a fake with no latency and no rate limit: what the sync itself can take. */
export async function unthrottledSync(
  context: BenchContext,
  scenario: ScenarioName,
  conversations: number,
  dbPath: string,
): Promise<SyncProcessRun> {
  const fake = await startFake(context, scenario, {
    conversations,
    seed: context.options.seed,
    latencyMs: 0,
    rateLimitPerMinute: 0,
  });
  try {
    // The memory scenario syncs four times the workspace: prerendering it would only grow the fake.
    if (scenario === 'ingest') {
      context.progress(scenario, 'prerendering the fake', 0, null);
      const rendered = await prerender(fake);
      context.log(
        `${scenario}: fake prerendered ${rendered.conversations} conversations ` +
          `(${Math.round(rendered.bytes / 1024 / 1024)} MB) in ${rendered.ms} ms`,
      );
    }
    return await syncWithProgress(context, scenario, fake, dbPath, 'full', conversations);
  } finally {
    await fake.close();
  }
}

function perSecond(run: SyncProcessRun): number {
  return run.result.durationMs > 0 ? (run.result.conversationsSynced / run.result.durationMs) * 1000 : 0;
}

/**
 * Scenario 2: the ingest ceiling. The real sync against a prerendered fake with latency 0 and no rate
 * limit, next to the baseline that inserts the same rows into the same schema straight through
 * better-sqlite3.
 */
export async function runIngest(
  context: BenchContext,
): Promise<{ report: IngestReport; run: SyncProcessRun }> {
  const dbPath = path.join(context.workDir, 'ingest.db');
  const run = await unthrottledSync(context, 'ingest', context.options.conversations, dbPath);
  context.progress('ingest', 'baseline: raw better-sqlite3 inserts', 0, run.result.conversationsSynced);
  const baseline = await runIngestBaseline(dbPath, path.join(context.workDir, 'baseline.db'), (done) =>
    context.progress('ingest', 'baseline: raw better-sqlite3 inserts', done, run.result.conversationsSynced),
  );
  const rate = perSecond(run);
  removeDatabase(path.join(context.workDir, 'baseline.db'));
  return {
    run,
    report: {
      conversations: run.result.conversationsSynced,
      durationMs: run.result.durationMs,
      conversationsPerSecond: round(rate, 1),
      apiRequests: run.requests.requests,
      peakRssMb: run.peakRssMb,
      cpu: cpuShare(run),
      baselineConversationsPerSecond: baseline.conversationsPerSecond,
      baselineWriteMs: baseline.writeMs,
      baselineRatio: round(rate / Math.max(baseline.conversationsPerSecond, 1e-9), 3),
    },
  };
}

/**
 * Scenario 6: peak RSS. The figures held against the target are `bin/fic sync --full --quiet`'s, the
 * command users and cron run (its shebang's node flags included), at the workspace size and at four
 * times it, against an unthrottled fake; the in-process runner's peaks of the realistic and ingest
 * syncs are reported beside them.
 */
export async function runMemory(
  context: BenchContext,
  realistic: SyncProcessRun,
  ingest: SyncProcessRun,
): Promise<MemoryReport> {
  const binary = await binarySync(context, context.options.conversations, 'memory-1x.db');
  const scaled = await binarySync(context, context.options.conversations * 4, 'memory-4x.db');
  return {
    syncPeakRssMb: realistic.peakRssMb,
    ingestPeakRssMb: ingest.peakRssMb,
    binaryConversations: binary.conversations,
    binaryPeakRssMb: binary.peakRssMb,
    scaledConversations: scaled.conversations,
    scaledPeakRssMb: scaled.peakRssMb,
    growthRatio: round(scaled.peakRssMb / Math.max(binary.peakRssMb, 1e-9), 3),
    peakRssMethod: binary.method,
  };
}

async function binarySync(
  context: BenchContext,
  conversations: number,
  file: string,
): Promise<BinarySyncRun> {
  const fake = await startFake(context, 'memory', {
    conversations,
    seed: context.options.seed,
    latencyMs: 0,
    rateLimitPerMinute: 0,
  });
  const dbPath = path.join(context.workDir, file);
  try {
    context.progress('memory', `bin/fic sync --full, ${conversations} conversations`, 0, conversations);
    const run = await runBinarySync(fake, dbPath, context.signal);
    context.progress(
      'memory',
      `bin/fic sync --full, ${conversations} conversations`,
      run.conversations,
      conversations,
    );
    context.log(
      `memory: bin/fic sync of ${run.conversations} conversations peaked at ${run.peakRssMb} MB (${run.method})`,
    );
    return run;
  } finally {
    await fake.close();
    removeDatabase(dbPath);
  }
}

export function removeDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
}
