import type { LatencyStats } from './latency-stats.js';
import type { MachineInfo } from './machine-info.js';
import type { OtherLoad } from './machine-load.js';
import type { SyncSample } from './sync/sync-process.js';

/**
 * What `fic bench` measures, as `--json` prints it and `<timestamp>.json` stores it. Durations in ms,
 * rates per second, sizes in bytes or MB as named. A figure that cannot exist (a ceiling without a rate
 * limit) is null, never Infinity.
 */
export interface BenchReport {
  version: 1;
  generatedAt: string;
  /** The command line that produced the report. */
  command: string;
  machine: MachineInfo;
  /** CPU other processes took during the run (null where it cannot be measured). */
  otherLoad: OtherLoad | null;
  options: {
    quick: boolean;
    conversations: number;
    latencyMs: number;
    rateLimitPerMinute: number;
    seed: number;
    /** Detail requests in flight; null = the product's default. */
    concurrency: number | null;
    queryCallsPerTool: number;
    startupRuns: number;
    scale: boolean;
    scaleSizes: number[];
    /** The scenario run alone (`--only`), or null for a full run. */
    only: string | null;
  };
  durationMs: number;
  // A scenario's figures are null when it did not run (`--only` names another, or `--scale` is off).
  sync: SyncReport | null;
  ingest: IngestReport | null;
  incremental: IncrementalReport | null;
  /** Keyed by MCP tool name. */
  queries: Record<string, ToolLatencyReport> | null;
  /** The read tools while many callers share one server. */
  concurrency: ConcurrencyReport | null;
  /** Scenario 10: the sync against the fake with every real-API behaviour on. */
  realApi: RealApiReport | null;
  /** Scenario 11: conversations of 4 MB opening messages, and the sync's peak RSS. */
  huge: HugeConversationsReport | null;
  startup: StartupReport | null;
  memory: MemoryReport | null;
  storage: StorageReport | null;
  scaling: ScalingReport | null;
  /** Scenario 12: natural-language questions, judged by the fake's topics. */
  relevance: RelevanceReport | null;
  /** Scenario 13: `fic serve` under 50 HTTP clients, with the background sync and webhooks. */
  teamServer: TeamServerReport | null;
  targets: TargetResult[];
  comparison: ComparisonRow[];
  files: { markdown: string; json: string; charts: string[] };
}

export interface SyncReport {
  workspaceConversations: number;
  conversations: number;
  status: string;
  latencyMs: number;
  rateLimitPerMinute: number;
  durationMs: number;
  conversationsPerSecond: number;
  /** R / 60 / (1 + 1/150): one search page per 150 detail requests. Null without a rate limit. */
  ceilingConversationsPerSecond: number | null;
  ceilingRatio: number | null;
  apiRequests: number;
  requestsByRoute: Record<string, number>;
  conversationsPerRequest: number;
  rateLimitedResponses: number;
  rateLimitedFraction: number;
  retries: number;
  peakRssMb: number;
  cpu: CpuShare;
  /** Seconds 44,310 conversations take at the measured rate (the actual time when that is the size). */
  secondsFor44310: number;
  samples: SyncSample[];
}

/** Where the machine's time went during a sync: CPU ms per conversation of each process. */
export interface CpuShare {
  syncMsPerConversation: number;
  /** Null where /proc is not available. */
  fakeMsPerConversation: number | null;
  /** CPU busy share of the sync process over the sync's duration (1 = one core fully busy). */
  syncCoreShare: number;
}

export interface IngestReport {
  conversations: number;
  durationMs: number;
  conversationsPerSecond: number;
  apiRequests: number;
  peakRssMb: number;
  cpu: CpuShare;
  baselineConversationsPerSecond: number;
  baselineWriteMs: number;
  baselineRatio: number;
}

export interface IncrementalReport {
  /** Conversations advance() created or changed. */
  changedConversations: number;
  /** The sync engine's own duration. */
  durationMs: number;
  /** Spawn to exit of the syncing process (start-up, opening the database, sync, closing). */
  wallMs: number;
  conversationsSynced: number;
  apiRequests: number;
  requestsByRoute: Record<string, number>;
  searchRequests: number;
  /** changed + search pages + HANDFUL_REQUESTS. */
  allowedRequests: number;
}

export interface RealApiStep {
  name: string;
  status: string;
  durationMs: number;
  apiRequests: number;
  requestsByRoute: Record<string, number>;
  conversationsSynced: number;
  conversationsDeleted: number;
  outstandingFailures: number;
  /** Seconds holding more than a search page that the listing met. */
  denseSeconds: number;
  /** The copy against the fake's record store after this step. */
  completeness: {
    expected: number;
    /** Stored with the same update time and part count. */
    exact: number;
    missing: number;
    stale: number;
    /** Deleted in Intercom, still in the copy. */
    deletedHeld: number;
    /** exact / expected (below 1 whenever something deleted is still held). */
    ratio: number;
  };
}

export interface RealApiReport {
  workspaceConversations: number;
  steps: RealApiStep[];
  /** The last step left the copy equal to the record store. */
  complete: boolean;
}

export interface HugeConversationsReport {
  conversations: number;
  messageBytes: number;
  stored: number;
  peakRssMb: number;
  memoryLimitMb: number;
  durationMs: number;
  apiRequests: number;
}

export interface ToolLatencyReport extends LatencyStats {
  targetMs: number;
  /** Calls the server answered with isError (every input is meant to succeed). */
  errors: number;
  /** The same inputs through the core query, without MCP. */
  direct: LatencyStats;
}

export interface ConcurrencyReport {
  /** Callers sharing the server, each with its own sequence of calls. */
  callers: number;
  /** fic-mcp processes (stdio) they share. */
  servers: number;
  /** Calls made in the run. */
  calls: number;
  /** Mean pause of a caller between its calls. */
  thinkMs: number;
  durationMs: number;
  callsPerSecond: number;
  /** p95 each tool must keep. */
  targetMs: number;
  /**
   * Keyed by tool name, as callers see the calls (waiting included); `search_conversations (hostile
   * prefixes)` holds the hostile searches, whose `errors` are their refusals.
   */
  tools: Record<string, LatencyStats & { errors: number }>;
}

/** The calls of a team server run are measured as the concurrent callers' are (tools: HTTP included). */
export interface TeamServerReport extends Omit<ConcurrencyReport, 'callers' | 'servers'> {
  /** HTTP clients, each with its own MCP session, sharing one `fic serve` process. */
  clients: number;
  serverPeakRssMb: number;
  rssTargetMb: number;
  /** Changes made in the fake during the run, and how long each took to be stored by its webhook. */
  webhook: { changes: number; stored: number; p50Ms: number; p95Ms: number; maxMs: number; targetMs: number };
  /** Syncs the server ran during the run (the one a client started, and the schedule's). */
  backgroundSyncs: number;
}

export interface StartupReport {
  runs: number;
  ficVersionMs: number;
  statusMs: number;
  mcpReadyMs: number;
  samples: { ficVersionMs: number[]; statusMs: number[]; mcpReadyMs: number[] };
}

export interface MemoryReport {
  /** Peak RSS of the realistic full sync's process (the in-process runner: core's runSync). */
  syncPeakRssMb: number;
  /** The same workspace synced with no latency or rate limit (the runner). */
  ingestPeakRssMb: number;
  /** `bin/fic sync --full --quiet`, as users and cron run it, no latency or rate limit. */
  binaryConversations: number;
  binaryPeakRssMb: number;
  /** The same command at 4x the workspace. */
  scaledConversations: number;
  scaledPeakRssMb: number;
  /** scaled / binary peak. */
  growthRatio: number;
  /** 'time': the kernel's maxrss through /usr/bin/time; 'proc': VmHWM polled from /proc. */
  peakRssMethod: 'time' | 'proc';
}

export interface StorageReport {
  conversations: number;
  parts: number;
  databaseBytes: number;
  bytesPerConversation: number;
  /** UTF-8 bytes of every message's plain text (opening messages and parts). */
  messageTextBytes: number;
  /** Bytes of JSON the API sent during the full sync. */
  rawJsonBytes: number;
  /** Database bytes over message text, raw payloads included (issue 11's target: <= 2.5). */
  ratioToText: number;
  ratioToRawJson: number;
  /** Raw payloads kept (conversations and contacts as the API returned them) and the pages they take. */
  rawPayloads: number;
  rawPayloadBytes: number;
  /** Bytes of the largest tables and indexes (dbstat), largest first. */
  largest: { name: string; bytes: number }[];
}

export interface ScalingPoint {
  conversations: number;
  /** Time to write this step's conversations through ConversationRepository.writeConversations. */
  seedMs: number;
  databaseBytes: number;
  /** databaseBytes / conversations: flat when storage per conversation does not grow with size. */
  bytesPerConversation: number;
  /** MCP p50 per tool. */
  p50Ms: Record<string, number>;
  /** MCP p95 per tool. */
  p95Ms: Record<string, number>;
  /** Core query p95 per tool. */
  directP95Ms: Record<string, number>;
  /** Core search p95 of the relevance benchmark's natural-language questions. */
  questionsP95Ms: number;
  /** The incremental sync after the same 1% of the source workspace changed, at this size. */
  incremental: ScalingIncremental;
}

export interface ScalingIncremental {
  /** Conversations the fake created or changed. */
  changedConversations: number;
  conversationsSynced: number;
  /** Inside the syncing process. */
  durationMs: number;
  /** From spawning `fic sync`'s process to its exit. */
  wallMs: number;
  apiRequests: number;
  requestsByRoute: Record<string, number>;
  peakRssMb: number;
}

export interface RelevanceScores {
  questions: number;
  /** Questions with no hit at all. */
  noHit: number;
  noHitShare: number;
  meanPrecisionAt10: number;
  meanNdcgAt10: number;
}

export interface RelevanceQuestionResult {
  topic: string;
  question: string;
  /** No word of the question (stemmed) is in its topic's vocabulary. */
  lexicalGap: boolean;
  ranked: { hits: number; relevant: number; precision: number; ndcg: number };
  /** Search as it was before issue 13: every word required. */
  baseline: { hits: number; relevant: number; precision: number; ndcg: number };
}

export interface RelevanceReport {
  questions: number;
  topics: number;
  /** Conversations judged to a topic. */
  conversations: number;
  /** Hits judged per question (10). */
  cutoff: number;
  ranked: RelevanceScores;
  baseline: RelevanceScores;
  /** The questions lexical matching cannot bridge to their topic, and how search does on them. */
  lexicalGap: { questions: number; share: number; ranked: RelevanceScores };
  /** The other questions. */
  bridged: RelevanceScores;
  /** The questions through the core query. */
  latency: LatencyStats;
  /** The same, every word required (the search before issue 13). */
  baselineLatency: LatencyStats;
  perQuestion: RelevanceQuestionResult[];
}

export interface ScalingReport {
  points: ScalingPoint[];
  /** Per tool: the log-log slope of p95 from the smallest to the largest size (0 = flat, 1 = linear). */
  slopes: Record<string, number>;
  /** The same slope between each pair of consecutive sizes, smallest first. */
  stepSlopes: ScalingStepSlopes[];
}

export interface ScalingStepSlopes {
  from: number;
  to: number;
  /** Per tool, log(p95 at `to` / p95 at `from`) / log(to / from). */
  slopes: Record<string, number>;
}

export interface TargetResult {
  scenario: string;
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

export interface ComparisonRow {
  metric: string;
  original: string;
  measured: string;
}
