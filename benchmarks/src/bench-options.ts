import { FicError } from '@fastintercom/core';
import { defaultReportsDir } from './repo-paths.js';

/** What `fic bench` takes. Every field is optional; `resolveBenchOptions` fills in the defaults. */
export interface BenchOptions {
  /** 5,000 conversations instead of 44,310, fewer start-up runs: about two minutes on 2 cores. */
  quick?: boolean;
  /** Workspace size. Default 44,310 (the workspace of the original report), 5,000 with `quick`. */
  conversations?: number;
  /** Median latency the realistic fake adds, in ms (log-normal tail). Default 150. */
  latencyMs?: number;
  /** Rate limit of the realistic fake, per minute. Default 10,000 (Intercom's default). */
  rateLimitPerMinute?: number;
  /** Also run the scaling scenario (10k / 100k / 1M conversations written through the repository). */
  scale?: boolean;
  /** Workspace sizes of the scaling scenario. Default [10,000, 100,000, 1,000,000]. */
  scaleSizes?: number[];
  /**
   * Run this scenario alone (with what it needs: a synced workspace, the fake it synced from). The
   * report holds only what ran; the other sections say they were not run. Default: every scenario.
   */
  only?: string;
  /** Report directory. Default benchmarks/reports/ in the repository. */
  out?: string;
  /** Workspace seed of every fake. Default 1. */
  seed?: number;
  /** Detail requests in flight during syncs. Default: the product's own default (FicConfig.concurrency). */
  concurrency?: number;
  /** MCP and direct calls per query tool. Default 300. */
  queryCallsPerTool?: number;
  /** Runs of each start-up measurement (the median is reported). Default 9, 5 with `quick`. */
  startupRuns?: number;
  /** The command line the report quotes as the one that produced it. Default: built from the options. */
  command?: string;
}

export interface ResolvedBenchOptions {
  readonly quick: boolean;
  readonly conversations: number;
  readonly latencyMs: number;
  readonly rateLimitPerMinute: number;
  readonly scale: boolean;
  readonly scaleSizes: readonly number[];
  readonly only: RunnableScenario | null;
  readonly out: string;
  readonly seed: number;
  readonly concurrency: number | undefined;
  readonly queryCallsPerTool: number;
  readonly startupRuns: number;
  readonly command: string;
}

/** One step of one scenario, for a progress bar per scenario. `total` is null while unknown. */
export interface BenchProgress {
  scenario: ScenarioName;
  /** What the scenario is doing now: 'starting fake', 'syncing', 'querying search_conversations', ... */
  phase: string;
  done: number;
  total: number | null;
}

/** The scenarios `--only` can name, in the order a full run takes them. */
export const RUNNABLE_SCENARIOS = [
  'sync',
  'storage',
  'incremental',
  'team-server',
  'ingest',
  'memory',
  'queries',
  'relevance',
  'concurrency',
  'startup',
  'scaling',
  'realistic-api',
] as const;

export type RunnableScenario = (typeof RUNNABLE_SCENARIOS)[number];

export type ScenarioName = RunnableScenario | 'report';

export interface BenchHooks {
  onProgress?: (event: BenchProgress) => void;
  /** One-line notes (which fake, which database...). Default: none. */
  log?: (message: string) => void;
  /** Aborting stops the running scenario, its children and the run (FicError 'aborted'). */
  signal?: AbortSignal;
}

export const ORIGINAL_WORKSPACE_CONVERSATIONS = 44_310;
export const QUICK_WORKSPACE_CONVERSATIONS = 5_000;

export function resolveBenchOptions(options: BenchOptions = {}): ResolvedBenchOptions {
  const quick = options.quick ?? false;
  const resolved = {
    quick,
    conversations:
      options.conversations ?? (quick ? QUICK_WORKSPACE_CONVERSATIONS : ORIGINAL_WORKSPACE_CONVERSATIONS),
    latencyMs: options.latencyMs ?? 150,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    scale: options.scale ?? false,
    scaleSizes: options.scaleSizes ?? [10_000, 100_000, 1_000_000],
    only: options.only === undefined ? null : runnableScenario(options.only),
    out: options.out ?? defaultReportsDir,
    seed: options.seed ?? 1,
    concurrency: options.concurrency,
    queryCallsPerTool: options.queryCallsPerTool ?? 300,
    startupRuns: options.startupRuns ?? (quick ? 5 : 9),
  };
  positive('conversations', resolved.conversations);
  positive('queryCallsPerTool', resolved.queryCallsPerTool);
  positive('startupRuns', resolved.startupRuns);
  nonNegative('latencyMs', resolved.latencyMs);
  nonNegative('rateLimitPerMinute', resolved.rateLimitPerMinute);
  if (resolved.concurrency !== undefined) positive('concurrency', resolved.concurrency);
  if (resolved.scaleSizes.length === 0)
    throw new FicError('invalid_input', 'scaleSizes needs at least one size, e.g. 10000,100000.');
  for (const size of resolved.scaleSizes) positive('scaleSizes', size);
  return Object.freeze({ ...resolved, command: options.command ?? commandLine(resolved) });
}

/** The `fic bench` invocation equivalent to these options (for the report). */
function commandLine(options: Omit<ResolvedBenchOptions, 'command'>): string {
  const parts = ['fic bench'];
  if (options.quick) parts.push('--quick');
  const defaultSize = options.quick ? QUICK_WORKSPACE_CONVERSATIONS : ORIGINAL_WORKSPACE_CONVERSATIONS;
  if (options.conversations !== defaultSize) parts.push(`--conversations ${options.conversations}`);
  if (options.latencyMs !== 150) parts.push(`--latency-ms ${options.latencyMs}`);
  if (options.rateLimitPerMinute !== 10_000)
    parts.push(`--rate-limit-per-minute ${options.rateLimitPerMinute}`);
  if (options.scale) parts.push('--scale');
  if (options.scaleSizes.join(',') !== '10000,100000,1000000')
    parts.push(`--scale-sizes ${options.scaleSizes.join(',')}`);
  if (options.only !== null) parts.push(`--only ${options.only}`);
  if (options.out !== defaultReportsDir) parts.push(`--out ${options.out}`);
  return parts.join(' ');
}

function runnableScenario(name: string): RunnableScenario {
  const known = RUNNABLE_SCENARIOS.find((scenario) => scenario === name);
  if (known === undefined) {
    throw new FicError(
      'invalid_input',
      `There is no benchmark scenario "${name}": choose one of ${RUNNABLE_SCENARIOS.join(', ')}.`,
    );
  }
  return known;
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new FicError('invalid_input', `${name} must be a positive integer, got ${value}.`);
  }
}

function nonNegative(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new FicError('invalid_input', `${name} must be a non-negative integer, got ${value}.`);
  }
}
