import type {
  CpuShare,
  IngestReport,
  IncrementalReport,
  MemoryReport,
  StartupReport,
  StorageReport,
  SyncReport,
  ToolLatencyReport,
} from '../bench-report.js';
import { int, ms, n, table } from './markdown-format.js';

// Sections 1 to 7 of the report, each from its scenario's figures (the report skips a scenario not run).

/** The chart files beside the report. */
export interface Charts {
  syncRate?: string;
  queryLatency?: string;
  scaling?: string;
}

export function syncSection(sync: SyncReport, charts: Charts): string[] {
  return [
    `A first full sync of ${int(sync.workspaceConversations)} conversations against the fake Intercom with ${sync.latencyMs} ms median latency (log-normal tail, p99 about 5x the median) and a rate limit of ${int(sync.rateLimitPerMinute)} requests/min, the sync in its own process.`,
    '',
    table(
      [
        'Conversations',
        'Status',
        'Duration',
        'Conv/s',
        'Ceiling conv/s',
        'Ratio',
        'API requests',
        'Conv/request',
        '429s',
        'Retries',
        'Peak RSS',
      ],
      [
        [
          int(sync.conversations),
          sync.status,
          `${n(sync.durationMs / 1000)} s`,
          n(sync.conversationsPerSecond),
          sync.ceilingConversationsPerSecond === null ? 'none' : n(sync.ceilingConversationsPerSecond),
          sync.ceilingRatio === null ? 'n/a' : n(sync.ceilingRatio, 3),
          int(sync.apiRequests),
          n(sync.conversationsPerRequest, 3),
          `${int(sync.rateLimitedResponses)} (${n(sync.rateLimitedFraction * 100, 2)}%)`,
          int(sync.retries),
          `${n(sync.peakRssMb)} MB`,
        ],
      ],
    ),
    '',
    `Requests by route: ${Object.entries(sync.requestsByRoute)
      .map(([route, count]) => `${route} ${int(count)}`)
      .join(', ')}.`,
    '',
    cpuLine(sync.cpu),
    '',
    `![Sync rate over time](${charts.syncRate})`,
  ];
}

export function ingestSection(ingest: IngestReport): string[] {
  return [
    'The same workspace synced from a fake with no latency and no rate limit, next to the baseline: the rows that sync wrote, inserted into a fresh database with the same schema and pragmas straight through better-sqlite3 prepared statements (one transaction per 150, search index included, no HTTP, parsing or upserts).',
    '',
    'Before the clock starts the fake renders every conversation (`POST /_fake/prerender`, the same bytes it would generate on demand), so while the sync is measured the fake only serves ready responses over HTTP, as a remote API would, instead of generating the workspace on the cores the sync runs on. It still shares those cores: its CPU is below.',
    '',
    table(
      ['Conversations', 'Sync duration', 'Sync conv/s', 'Baseline conv/s', 'Ratio', 'Sync peak RSS'],
      [
        [
          int(ingest.conversations),
          `${n(ingest.durationMs / 1000)} s`,
          n(ingest.conversationsPerSecond),
          n(ingest.baselineConversationsPerSecond),
          n(ingest.baselineRatio, 3),
          `${n(ingest.peakRssMb)} MB`,
        ],
      ],
    ),
    '',
    cpuLine(ingest.cpu),
  ];
}

export function incrementalSection(incremental: IncrementalReport): string[] {
  return [
    `advance() changed 1% of the workspace (new conversations, replies, closes, notes, assignments), then an incremental sync ran against the same fake.`,
    '',
    table(
      [
        'Changed',
        'Synced',
        'Sync time',
        'Wall time (process)',
        'API requests',
        'Search pages',
        'Allowed (changed + pages + 10)',
      ],
      [
        [
          int(incremental.changedConversations),
          int(incremental.conversationsSynced),
          `${n(incremental.durationMs / 1000, 2)} s`,
          `${n(incremental.wallMs / 1000, 2)} s`,
          int(incremental.apiRequests),
          int(incremental.searchRequests),
          int(incremental.allowedRequests),
        ],
      ],
    ),
    '',
    `Requests by route: ${Object.entries(incremental.requestsByRoute)
      .map(([route, count]) => `${route} ${int(count)}`)
      .join(', ')}.`,
  ];
}

export function queriesSection(
  queries: Record<string, ToolLatencyReport>,
  callsPerTool: number,
  charts: Charts,
): string[] {
  return [
    `${int(callsPerTool)} calls per tool with varied inputs drawn from the synced data (common and rare words, phrases, prefixes, filters, busy and quiet customers, real ids), through a real MCP Client over the in-memory transport, then the same inputs to the core query. Milliseconds.`,
    '',
    table(
      [
        'Tool',
        'MCP p50',
        'MCP p95',
        'MCP p99',
        'MCP mean',
        'Target p95',
        'Core p50',
        'Core p95',
        'Core p99',
        'Errors',
      ],
      Object.entries(queries).map(([tool, q]) => [
        `\`${tool}\``,
        ms(q.p50Ms),
        ms(q.p95Ms),
        ms(q.p99Ms),
        ms(q.meanMs),
        int(q.targetMs),
        ms(q.direct.p50Ms),
        ms(q.direct.p95Ms),
        ms(q.direct.p99Ms),
        int(q.errors),
      ]),
    ),
    '',
    `![Query latency per tool](${charts.queryLatency})`,
  ];
}

export function startupSection(startup: StartupReport): string[] {
  return [
    `Median of ${startup.runs} runs after one untimed run, spawn to exit (fic) or spawn to the tools/list answer over stdio (fic-mcp).`,
    '',
    table(
      ['Command', 'Median', 'Runs (ms)'],
      [
        ['`fic --version`', `${n(startup.ficVersionMs)} ms`, startup.samples.ficVersionMs.join(', ')],
        ['`fic status`', `${n(startup.statusMs)} ms`, startup.samples.statusMs.join(', ')],
        ['`fic-mcp` to tools/list', `${n(startup.mcpReadyMs)} ms`, startup.samples.mcpReadyMs.join(', ')],
      ],
    ),
  ];
}

export function memorySection(
  memory: MemoryReport,
  sync: SyncReport | null,
  ingest: IngestReport | null,
): string[] {
  return [
    `Peak resident set size of the syncing process. The targets hold \`bin/fic sync --full --quiet\` as users and cron run it (its shebang's node flags included; ${memory.peakRssMethod === 'time' ? "the kernel's maxrss through /usr/bin/time" : 'VmHWM read from /proc until it exited'}); the in-process runner (core's runSync in a child, getrusage maxrss) is beside it.`,
    '',
    table(
      ['Run', 'Conversations', 'Peak RSS'],
      [
        [
          'bin/fic sync --full, unthrottled',
          int(memory.binaryConversations),
          `${n(memory.binaryPeakRssMb)} MB`,
        ],
        [
          'bin/fic sync --full, unthrottled, 4x workspace',
          int(memory.scaledConversations),
          `${n(memory.scaledPeakRssMb)} MB (${n(memory.growthRatio, 2)}x)`,
        ],
        [
          'Realistic full sync (runner)',
          sync === null ? 'not run' : int(sync.conversations),
          `${n(memory.syncPeakRssMb)} MB`,
        ],
        [
          'Unthrottled sync (runner, ingest)',
          ingest === null ? 'not run' : int(ingest.conversations),
          `${n(memory.ingestPeakRssMb)} MB`,
        ],
      ],
    ),
  ];
}

export function storageSection(storage: StorageReport): string[] {
  return [
    table(
      [
        'Conversations',
        'Parts',
        'Database',
        'Per conversation',
        'Message text',
        'DB / text',
        'Raw JSON fetched',
        'DB / JSON',
        'Raw payloads kept',
      ],
      [
        [
          int(storage.conversations),
          int(storage.parts),
          `${n(storage.databaseBytes / 1024 ** 2)} MB`,
          `${n(storage.bytesPerConversation / 1024, 2)} KB`,
          `${n(storage.messageTextBytes / 1024 ** 2)} MB`,
          n(storage.ratioToText, 2),
          `${n(storage.rawJsonBytes / 1024 ** 2)} MB`,
          n(storage.ratioToRawJson, 2),
          `${int(storage.rawPayloads)} (${n(storage.rawPayloadBytes / 1024 ** 2)} MB)`,
        ],
      ],
    ),
    '',
    `Largest tables and indexes (dbstat): ${storage.largest.map((table) => `${table.name} ${n(table.bytes / 1024 ** 2)} MB`).join(', ')}.`,
  ];
}

function cpuLine(cpu: CpuShare): string {
  const fake = cpu.fakeMsPerConversation === null ? 'not measured' : `${n(cpu.fakeMsPerConversation, 3)} ms`;
  return `CPU per conversation: sync process ${n(cpu.syncMsPerConversation, 3)} ms (${n(cpu.syncCoreShare * 100, 0)}% of a core over the run), fake Intercom ${fake}.`;
}
