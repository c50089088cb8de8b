import type { BenchReport } from '../bench-report.js';
import { BUSY_MACHINE_SHARE } from '../machine-load.js';
import { int, ms, n, table, verdict } from './markdown-format.js';
import { relevanceSection } from './relevance-section.js';

/** Section headings, in order (the test checks each is present). */
export const REPORT_SECTIONS = [
  '## Machine',
  '## Targets',
  '## Against the original report',
  '## 1. Realistic full sync',
  '## 2. Ingest ceiling',
  '## 3. Incremental sync',
  '## 4. Query latency',
  '## 5. Start-up',
  '## 6. Memory',
  '## 7. Storage',
  '## 8. Scaling',
  '## 9. MCP under concurrent callers',
  '## 10. Realistic API',
  '## 11. Huge conversations',
  '## 12. Search relevance',
  '## 13. Team server',
  '## How it was measured',
] as const;

/** The report as Markdown; `charts` maps a chart's name to its file name beside the report. */
export function markdownReport(
  report: BenchReport,
  charts: { syncRate: string; queryLatency: string; scaling?: string },
): string {
  const { machine, sync, ingest, incremental, startup, memory, storage } = report;
  const passed = report.targets.filter((target) => target.pass === true).length;
  const out: string[] = [
    `# FastIntercom benchmark report, ${report.generatedAt}`,
    '',
    `Produced by \`${report.command}\` in ${n(report.durationMs / 60_000)} min. ${passed} of ${report.targets.length} targets met.`,
    '',
    '## Machine',
    '',
    table(
      ['CPU', 'Cores', 'Memory', 'OS', 'Node', 'SQLite'],
      [[machine.cpu, machine.cores, `${n(machine.memoryGb)} GB`, machine.os, machine.node, machine.sqlite]],
    ),
    '',
    otherLoadLine(report.otherLoad),
    '',
    '## Targets',
    '',
    table(
      ['Scenario', 'Target', 'Goal', 'Measured', 'Pass/fail'],
      report.targets.map((target) => [
        target.scenario,
        target.name,
        target.target,
        target.measured,
        verdict(target.pass),
      ]),
    ),
    '',
    '## Against the original report',
    '',
    'The original FastIntercom report published these figures without a way to reproduce them.',
    '',
    table(
      ['Metric', 'Original claim', 'Measured here'],
      report.comparison.map((row) => [row.metric, row.original, row.measured]),
    ),
    '',
    '## 1. Realistic full sync',
    '',
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
    '',
    '## 2. Ingest ceiling',
    '',
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
    '',
    '## 3. Incremental sync',
    '',
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
    '',
    '## 4. Query latency',
    '',
    `${int(report.options.queryCallsPerTool)} calls per tool with varied inputs drawn from the synced data (common and rare words, phrases, prefixes, filters, busy and quiet customers, real ids), through a real MCP Client over the in-memory transport, then the same inputs to the core query. Milliseconds.`,
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
      Object.entries(report.queries).map(([tool, q]) => [
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
    '',
    '## 5. Start-up',
    '',
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
    '',
    '## 6. Memory',
    '',
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
        ['Realistic full sync (runner)', int(sync.conversations), `${n(memory.syncPeakRssMb)} MB`],
        ['Unthrottled sync (runner, ingest)', int(ingest.conversations), `${n(memory.ingestPeakRssMb)} MB`],
      ],
    ),
    '',
    '## 7. Storage',
    '',
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
    '',
    '## 8. Scaling',
    '',
    ...scalingSection(report, charts.scaling),
    '',
    '## 9. MCP under concurrent callers',
    '',
    ...concurrencySection(report),
    '',
    '## 10. Realistic API',
    '',
    ...realApiSection(report),
    '',
    '## 11. Huge conversations',
    '',
    ...hugeSection(report),
    '',
    '## 12. Search relevance',
    '',
    ...relevanceSection(report),
    '',
    '## 13. Team server',
    '',
    ...teamServerSection(report),
    '',
    '## How it was measured',
    '',
    '- Every sync scenario starts a fresh fake Intercom (`./bin/fake-intercom`, seeded) as a child process, and runs the sync (`runSync`, what `fic sync` runs) in another, so neither shares an event loop with the other or with the harness. Requests, 429s and response bytes are counted on the wire inside the syncing process.',
    '- The rate-limit ceiling is R / 60 / (1 + 1/150) conversations/s: one search page per 150 conversation fetches.',
    "- Timings in this report are wall-clock on the machine above; the CPU other processes took meanwhile is measured from /proc (the machine's busy time less the benchmark's own process tree) and stated under Machine.",
    '',
  ];
  return out.join('\n');
}

function otherLoadLine(load: BenchReport['otherLoad']): string {
  if (load === null) return 'Other processes: not measured on this system (needs Linux /proc).';
  const share = `${n(load.shareOfMachine * 100, 1)}% of the machine's CPU (${n(load.cpuSeconds, 1)} CPU-seconds)`;
  return load.shareOfMachine > BUSY_MACHINE_SHARE
    ? `Other processes took ${share} during the run: **the machine was busy**, so timings are slower than a quiet machine's.`
    : `Other processes took ${share} during the run: a quiet machine.`;
}

function cpuLine(cpu: BenchReport['sync']['cpu']): string {
  const fake = cpu.fakeMsPerConversation === null ? 'not measured' : `${n(cpu.fakeMsPerConversation, 3)} ms`;
  return `CPU per conversation: sync process ${n(cpu.syncMsPerConversation, 3)} ms (${n(cpu.syncCoreShare * 100, 0)}% of a core over the run), fake Intercom ${fake}.`;
}

function realApiSection(report: BenchReport): string[] {
  const { realApi, sync } = report;
  return [
    `The workspace of section 1 (${int(realApi.workspaceConversations)} conversations, same latency and rate limit) served by the fake with every behaviour of REAL-API-BEHAVIOUR.md on (\`--realistic\`): a search index that shows changes up to 30 s late and out of order, a cursor without a tie-breaker, explicit nulls, part counts with the opening message, a 50-id limit on \`id IN\`, 5% of answers without rate-limit headers. Between the first and second step 1% of the workspace changed, 0.1% deleted, with merges and contact changes. Completeness: conversations stored with the fake's update time and part count, out of all it holds; nothing deleted may still be held.`,
    '',
    table(
      [
        'Step',
        'Status',
        'Time',
        'Requests',
        'Synced',
        'Deleted',
        'Complete',
        'Missing',
        'Stale',
        'Deleted but held',
      ],
      realApi.steps.map((step) => [
        step.name,
        step.status,
        `${n(step.durationMs / 1000, 1)} s`,
        int(step.apiRequests),
        int(step.conversationsSynced),
        int(step.conversationsDeleted),
        `${n(step.completeness.ratio * 100, 2)}%`,
        int(step.completeness.missing),
        int(step.completeness.stale),
        int(step.completeness.deletedHeld),
      ]),
    ),
    '',
    `Beside the plain API (section 1): full sync ${n(sync.durationMs / 1000, 1)} s and ${int(sync.apiRequests)} requests there, ${n((realApi.steps[0]?.durationMs ?? 0) / 1000, 1)} s and ${int(realApi.steps[0]?.apiRequests ?? 0)} requests here.`,
  ];
}

function hugeSection(report: BenchReport): string[] {
  const { huge } = report;
  return [
    `${int(huge.conversations)} conversations whose opening messages are ${n(huge.messageBytes / 1_000_000, 0)} MB each (a customer pasting a log), no latency or rate limit, synced as \`fic sync\` runs: ${int(huge.stored)} stored in ${n(huge.durationMs / 1000, 1)} s with ${int(huge.apiRequests)} requests; peak RSS ${n(huge.peakRssMb, 1)} MB against a memory limit of ${int(huge.memoryLimitMb)} MB.`,
  ];
}

function concurrencySection(report: BenchReport): string[] {
  const { concurrency } = report;
  return [
    `${int(concurrency.callers)} callers share one \`fic-mcp\` over stdio, each calling every read tool in turn (inputs as in section 4) with a pause of ${int(concurrency.thinkMs)} ms on average between calls; one call in eight is a hostile prefix search (\`the* a* i*\`, \`a*\`, \`con* pro* res*\`, ...). ${int(concurrency.calls)} calls in ${n(concurrency.durationMs / 1000)} s (${n(concurrency.callsPerSecond)} calls/s). Latency as a caller sees it, waiting behind the others included; for the hostile searches, errors are refusals. Milliseconds.`,
    '',
    callerTable(concurrency),
  ];
}

/** Per tool, the latency the callers saw (sections 9 and 13). */
function callerTable(run: Pick<BenchReport['concurrency'], 'tools' | 'targetMs'>): string {
  return table(
    ['Tool', 'Calls', 'p50', 'p95', 'p99', 'Max', 'Target p95', 'Errors'],
    Object.entries(run.tools).map(([tool, stats]) => [
      `\`${tool}\``,
      int(stats.calls),
      ms(stats.p50Ms),
      ms(stats.p95Ms),
      ms(stats.p99Ms),
      ms(stats.maxMs),
      int(run.targetMs),
      int(stats.errors),
    ]),
  );
}

function teamServerSection(report: BenchReport): string[] {
  const { teamServer } = report;
  const { webhook } = teamServer;
  return [
    `One \`fic serve\` process on a copy of section 1's database, its background sync on (every minute, one started by a client at the outset; ${int(teamServer.backgroundSyncs)} ran) against the same fake, which sends its webhooks to the server. ${int(teamServer.clients)} clients, each its own MCP session over Streamable HTTP with a personal token, call the read tools in turn (inputs as in section 4) with a pause of ${int(teamServer.thinkMs)} ms on average: ${int(teamServer.calls)} calls in ${n(teamServer.durationMs / 1000)} s (${n(teamServer.callsPerSecond)} calls/s). Peak RSS of the server: ${n(teamServer.serverPeakRssMb)} MB (target ${int(teamServer.rssTargetMb)} MB). Milliseconds.`,
    '',
    callerTable(teamServer),
    '',
    `Webhook freshness: a reply added in the fake every 2 s (${int(webhook.changes)} changes), each followed until the copy stored it (the search index is written in the same transaction): ${int(webhook.stored)} stored, p50 ${n(webhook.p50Ms / 1000, 2)} s, p95 ${n(webhook.p95Ms / 1000, 2)} s, max ${n(webhook.maxMs / 1000, 2)} s (target p95 ${n(webhook.targetMs / 1000, 0)} s). A change that arrives while a sync holds the database's lock waits for it to end.`,
  ];
}

function scalingSection(report: BenchReport, chart: string | undefined): string[] {
  const { scaling } = report;
  if (scaling === null)
    return ['Not run: add `--scale` (10k, 100k and 1M conversations written through the repository).'];
  const tools = Object.keys(scaling.points[0]?.p95Ms ?? {});
  return [
    'The synced workspace copied (fresh ids and contacts, a unique reference token per copy) through `ConversationRepository.writeConversations` up to each size, then every tool timed through MCP (p95, ms).',
    '',
    table(
      ['Tool', ...scaling.points.map((point) => `${int(point.conversations)}`), 'log-log slope'],
      tools.map((tool) => [
        `\`${tool}\``,
        ...scaling.points.map((point) => ms(point.p95Ms[tool]!)),
        n(scaling.slopes[tool] ?? 0, 2),
      ]),
    ),
    '',
    `Search p95 of the relevance benchmark's questions (core query): ${scaling.points
      .map((point) => `${ms(point.questionsP95Ms)} ms at ${int(point.conversations)}`)
      .join(', ')}.`,
    '',
    table(
      ['Conversations', 'Write time', 'Database'],
      scaling.points.map((point) => [
        int(point.conversations),
        `${n(point.seedMs / 1000)} s`,
        `${n(point.databaseBytes / 1024 ** 2)} MB`,
      ]),
    ),
    '',
    chart === undefined ? '' : `![Query p95 against size](${chart})`,
  ];
}
