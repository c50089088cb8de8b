import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '@fastintercom/core';
import { progressReporter } from './bench-context.js';
import type { BenchContext } from './bench-context.js';
import { resolveBenchOptions } from './bench-options.js';
import type { BenchHooks, BenchOptions } from './bench-options.js';
import type { BenchReport } from './bench-report.js';
import { machineInfo } from './machine-info.js';
import { startLoadMeter } from './machine-load.js';
import { writeReport } from './report/write-report.js';
import { compareWithOriginal, evaluateTargets } from './report/targets.js';
import { runIncrementalSync } from './scenarios/incremental-sync.js';
import { runIngest, runMemory } from './scenarios/ingest.js';
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
  try {
    const realistic = await runRealisticSync(context);
    let incremental;
    let storage;
    let teamServer;
    try {
      storage = measureStorage(realistic.dbPath, realistic.run.requests.responseBytes);
      checkpoint();
      incremental = await runIncrementalSync(context, realistic.fake, realistic.dbPath);
      checkpoint();
      // The server syncs and takes webhooks from this same fake, on a copy of the database.
      teamServer = await measureTeamServer(context, realistic.fake, realistic.dbPath);
    } finally {
      await realistic.fake.close();
    }
    checkpoint();
    const ingest = await runIngest(context);
    checkpoint();
    const memory = await runMemory(context, realistic.run, ingest.run);
    checkpoint();
    const queries = await measureQueries(context, realistic.dbPath);
    checkpoint();
    const relevance = await measureRelevance(context, realistic.dbPath);
    checkpoint();
    const concurrency = await measureConcurrentCallers(context, realistic.dbPath);
    checkpoint();
    const startup = await measureStartup(context, realistic.dbPath);
    checkpoint();
    const scaling = resolved.scale ? await runScaling(context, realistic.dbPath) : null;
    checkpoint();
    const realApi = await runRealApiSync(context);
    checkpoint();
    const huge = await runHugeConversations(context);

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
      },
      durationMs: Math.round(performance.now() - started),
      sync: realistic.report,
      ingest: ingest.report,
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
