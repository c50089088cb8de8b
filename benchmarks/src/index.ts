export { runBenchmarks } from './run-benchmarks.js';
export {
  resolveBenchOptions,
  ORIGINAL_WORKSPACE_CONVERSATIONS,
  QUICK_WORKSPACE_CONVERSATIONS,
} from './bench-options.js';
export type {
  BenchHooks,
  BenchOptions,
  BenchProgress,
  ResolvedBenchOptions,
  ScenarioName,
} from './bench-options.js';
export type * from './bench-report.js';
export type { LatencyStats } from './latency-stats.js';
export type { MachineInfo } from './machine-info.js';
export type { OtherLoad } from './machine-load.js';
export type { SyncSample } from './sync/sync-process.js';
export { REPORT_SECTIONS } from './report/markdown-report.js';
export { runIngestBaseline } from './baselines/ingest-baseline.js';
export type { IngestBaselineResult } from './baselines/ingest-baseline.js';
