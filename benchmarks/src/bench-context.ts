import type { BenchProgress, ResolvedBenchOptions, ScenarioName } from './bench-options.js';
import { FakeIntercomProcess } from './fake-intercom-process.js';
import type { FakeWorkspaceOptions } from './fake-intercom-process.js';
import { runSyncProcess } from './sync/sync-process.js';
import type { SyncProcessRun } from './sync/sync-process.js';

/** What every scenario gets: the options, a scratch directory, and where to report progress. */
export interface BenchContext {
  readonly options: ResolvedBenchOptions;
  /** Removed when the run ends. */
  readonly workDir: string;
  progress(scenario: ScenarioName, phase: string, done: number, total: number | null): void;
  log(message: string): void;
  readonly signal: AbortSignal | undefined;
}

export function progressReporter(
  onProgress: ((event: BenchProgress) => void) | undefined,
): BenchContext['progress'] {
  return (scenario, phase, done, total) => onProgress?.({ scenario, phase, done, total });
}

/** Starts a fresh fake in its own process, saying so on the scenario's progress bar. */
export async function startFake(
  context: BenchContext,
  scenario: ScenarioName,
  workspace: FakeWorkspaceOptions,
): Promise<FakeIntercomProcess> {
  context.progress(scenario, `generating ${workspace.conversations} conversations`, 0, null);
  const fake = await FakeIntercomProcess.start(workspace);
  context.log(
    `${scenario}: fake Intercom pid ${fake.pid} at ${fake.url} (${workspace.conversations} conversations, ` +
      `latency ${workspace.latencyMs} ms, ${workspace.rateLimitPerMinute || 'no'} rate limit)`,
  );
  return fake;
}

/** One sync in its own process against `fake`, its samples driving the scenario's progress bar. */
export function syncWithProgress(
  context: BenchContext,
  scenario: ScenarioName,
  fake: FakeIntercomProcess,
  dbPath: string,
  mode: 'full' | 'incremental',
  expected: number | null,
  reconcile?: 'auto' | 'window' | 'all' | 'off',
): Promise<SyncProcessRun> {
  context.progress(scenario, 'syncing', 0, expected);
  return runSyncProcess({
    fake,
    dbPath,
    mode,
    reconcile,
    concurrency: context.options.concurrency,
    signal: context.signal,
    onSample: (sample) =>
      context.progress(
        scenario,
        `syncing (${sample.phase})`,
        sample.conversationsWritten,
        sample.totalCount ?? expected,
      ),
  });
}
