import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '@fastintercom/core';
import { progressReporter } from './bench-context.js';
import type { BenchContext } from './bench-context.js';
import { resolveBenchOptions } from './bench-options.js';
import type { BenchHooks, BenchOptions, RunnableScenario } from './bench-options.js';
import type { BenchReport } from './bench-report.js';
import { machineInfo } from './machine-info.js';
import { startLoadMeter } from './machine-load.js';
import { writeReport } from './report/write-report.js';
import { compareWithOriginal, evaluateTargets } from './report/targets.js';
import { runIncrementalSync } from './scenarios/incremental-sync.js';
import { runIngest, runMemory, unthrottledSync } from './scenarios/ingest.js';
import { measureConcurrentCallers } from './scenarios/concurrent-callers.js';
import { measureTeamServer } from './scenarios/team-server.js';
import { measureQueries } from './scenarios/query-latency.js';
import { runHugeConversations, runRealApiSync } from './scenarios/real-api-sync.js';
import { runRealisticSync } from './scenarios/realistic-sync.js';
import { runScaling } from './scenarios/scaling.js';
import { measureRelevance } from './scenarios/search-relevance.js';
import { measureStartup } from './scenarios/startup.js';
import { measureStorage } from './scenarios/storage.js';

/**
 * Runs every scenario of `fic bench` in order and writes the report (Markdown, JSON, SVG charts) to
 * `options.out`. Each sync scenario gets a fresh fake Intercom in its own process; databases live in a
 * scratch directory removed at the end. Resolves with the report as `--json` prints it.
 *
 * Needs the built workspace (`npx tsc -b`): it spawns ./bin/fake-intercom, ./bin/fic and ./bin/fic-mcp.
 */
export async function runBenchmarks(
  options: BenchOptions = {},
  hooks: BenchHooks = {},
): Promise<BenchReport> {
  const resolved = resolveBenchOptions(options);
  const started = performance.now();
  const load = startLoadMeter();
  const generatedAt = new Date().toISOString();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-bench-'));
  const context: BenchContext = {
    options: resolved,
    workDir,
    progress: progressReporter(hooks.onProgress),
    log: hooks.log ?? (() => undefined),
    signal: hooks.signal,
  };
  const checkpoint = (): void => {
    if (hooks.signal?.aborted === true) throw new FicError('aborted', 'The benchmark was cancelled.');
  };
  context.log(`Scratch databases in ${workDir}`);
  const runs = (scenario: RunnableScenario): boolean =>
    resolved.only === null ? scenario !== 'scaling' || resolved.scale : resolved.only === scenario;
  try {
    // The realistic sync runs when it is measured or its fake is needed; a scenario that needs only a
    // synced database gets one from an unthrottled sync instead (minutes less, and not measured).
    const needsRealistic = ['sync', 'storage', 'incremental', 'team-server', 'memory'].some((name) =>
      runs(name as RunnableScenario),
    );
    const realistic = needsRealistic ? await runRealisticSync(context) : null;
    let incremental = null;
    let storage = null;
    let teamServer = null;
    if (realistic !== null) {
      try {
        if (runs('storage')) storage = measureStorage(realistic.dbPath, realistic.run.requests.responseBytes);
        checkpoint();
        if (runs('incremental'))
          incremental = await runIncrementalSync(context, realistic.fake, realistic.dbPath);
        checkpoint();
        // The server syncs and takes webhooks from this same fake, on a copy of the database.
        if (runs('team-server'))
          teamServer = await measureTeamServer(context, realistic.fake, realistic.dbPath);
      } finally {
        await realistic.fake.close();
      }
    }
    checkpoint();
    const ingest = runs('ingest') || runs('memory') ? await runIngest(context) : null;
    checkpoint();
    const memory =
      runs('memory') && realistic !== null && ingest !== null
        ? await runMemory(context, realistic.run, ingest.run)
        : null;
    checkpoint();
    const dbScenarios = (['queries', 'relevance', 'concurrency', 'startup'] as const).filter(runs);
    const dbPath =
      dbScenarios.length === 0
        ? null
        : (realistic?.dbPath ??
          (await sourceDatabase(context, dbScenarios[0]!, path.join(workDir, 'source.db'))));
    const queries = dbPath !== null && runs('queries') ? await measureQueries(context, dbPath) : null;
    checkpoint();
    const relevance = dbPath !== null && runs('relevance') ? await measureRelevance(context, dbPath) : null;
    checkpoint();
    const concurrency =
      dbPath !== null && runs('concurrency') ? await measureConcurrentCallers(context, dbPath) : null;
    checkpoint();
    const startup = dbPath !== null && runs('startup') ? await measureStartup(context, dbPath) : null;
    checkpoint();
    const scaling = runs('scaling') ? await runScaling(context) : null;
    checkpoint();
    const realApi = runs('realistic-api') ? await runRealApiSync(context) : null;
    checkpoint();
    const huge = runs('realistic-api') ? await runHugeConversations(context) : null;

    context.progress('report', 'writing', 0, 1);
    const measured = {
      version: 1 as const,
      generatedAt,
      command: resolved.command,
      machine: machineInfo(),
      otherLoad: load.stop(),
      options: {
        quick: resolved.quick,
        conversations: resolved.conversations,
        latencyMs: resolved.latencyMs,
        rateLimitPerMinute: resolved.rateLimitPerMinute,
        seed: resolved.seed,
        concurrency: resolved.concurrency ?? null,
        queryCallsPerTool: resolved.queryCallsPerTool,
        startupRuns: resolved.startupRuns,
        scale: resolved.scale,
        scaleSizes: [...resolved.scaleSizes],
        only: resolved.only,
      },
      durationMs: Math.round(performance.now() - started),
      sync: runs('sync') ? (realistic?.report ?? null) : null,
      ingest: runs('ingest') ? (ingest?.report ?? null) : null,
      incremental,
      queries,
      concurrency,
      startup,
      memory,
      storage,
      scaling,
      relevance,
      teamServer,
      realApi,
      huge,
    };
    const report = writeReport(resolved.out, {
      ...measured,
      targets: evaluateTargets(measured),
      comparison: compareWithOriginal(measured),
    });
    context.progress('report', 'written', 1, 1);
    return report;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** A synced workspace for scenarios that only read one: the sync against an unthrottled fake. */
async function sourceDatabase(
  context: BenchContext,
  scenario: RunnableScenario,
  dbPath: string,
): Promise<string> {
  const run = await unthrottledSync(context, scenario, context.options.conversations, dbPath);
  context.log(`${scenario}: source workspace of ${run.result.conversationsSynced} conversations synced`);
  return dbPath;
}
