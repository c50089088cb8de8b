import type {
  BenchReport,
  ConcurrencyReport,
  HugeConversationsReport,
  RealApiReport,
  ScalingReport,
  SyncReport,
  TeamServerReport,
} from '../bench-report.js';
import { BUSY_MACHINE_SHARE } from '../machine-load.js';
import { int, ms, n, table, verdict } from './markdown-format.js';
import { relevanceSection } from './relevance-section.js';
import {
  incrementalSection,
  ingestSection,
  memorySection,
  queriesSection,
  startupSection,
  storageSection,
  syncSection,
} from './scenario-sections.js';
import type { Charts } from './scenario-sections.js';

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
export function markdownReport(report: BenchReport, charts: Charts): string {
  const { machine } = report;
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
    ...ran(report.sync, (sync) => syncSection(sync, charts)),
    '',
    '## 2. Ingest ceiling',
    '',
    ...ran(report.ingest, ingestSection),
    '',
    '## 3. Incremental sync',
    '',
    ...ran(report.incremental, incrementalSection),
    '',
    '## 4. Query latency',
    '',
    ...ran(report.queries, (queries) => queriesSection(queries, report.options.queryCallsPerTool, charts)),
    '',
    '## 5. Start-up',
    '',
    ...ran(report.startup, startupSection),
    '',
    '## 6. Memory',
    '',
    ...ran(report.memory, (memory) => memorySection(memory, report.sync, report.ingest)),
    '',
    '## 7. Storage',
    '',
    ...ran(report.storage, storageSection),
    '',
    '## 8. Scaling',
    '',
    ...ran(report.scaling, (scaling) => scalingSection(scaling, charts.scaling)),
    '',
    '## 9. MCP under concurrent callers',
    '',
    ...ran(report.concurrency, concurrencySection),
    '',
    '## 10. Realistic API',
    '',
    ...ran(report.realApi, (realApi) => realApiSection(realApi, report.sync)),
    '',
    '## 11. Huge conversations',
    '',
    ...ran(report.huge, hugeSection),
    '',
    '## 12. Search relevance',
    '',
    ...ran(report.relevance, (relevance) => relevanceSection({ relevance })),
    '',
    '## 13. Team server',
    '',
    ...ran(report.teamServer, teamServerSection),
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

function realApiSection(realApi: RealApiReport, sync: SyncReport | null): string[] {
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
    sync === null
      ? ''
      : `Beside the plain API (section 1): full sync ${n(sync.durationMs / 1000, 1)} s and ${int(sync.apiRequests)} requests there, ${n((realApi.steps[0]?.durationMs ?? 0) / 1000, 1)} s and ${int(realApi.steps[0]?.apiRequests ?? 0)} requests here.`,
  ];
}

function hugeSection(huge: HugeConversationsReport): string[] {
  return [
    `${int(huge.conversations)} conversations whose opening messages are ${n(huge.messageBytes / 1_000_000, 0)} MB each (a customer pasting a log), no latency or rate limit, synced as \`fic sync\` runs: ${int(huge.stored)} stored in ${n(huge.durationMs / 1000, 1)} s with ${int(huge.apiRequests)} requests; peak RSS ${n(huge.peakRssMb, 1)} MB against a memory limit of ${int(huge.memoryLimitMb)} MB.`,
  ];
}

function concurrencySection(concurrency: ConcurrencyReport): string[] {
  return [
    `${int(concurrency.callers)} callers share one \`fic-mcp\` over stdio, each calling every read tool in turn (inputs as in section 4) with a pause of ${int(concurrency.thinkMs)} ms on average between calls; one call in eight is a hostile prefix search (\`the* a* i*\`, \`a*\`, \`con* pro* res*\`, ...). ${int(concurrency.calls)} calls in ${n(concurrency.durationMs / 1000)} s (${n(concurrency.callsPerSecond)} calls/s). Latency as a caller sees it, waiting behind the others included; for the hostile searches, errors are refusals. Milliseconds.`,
    '',
    callerTable(concurrency),
  ];
}

/** Per tool, the latency the callers saw (sections 9 and 13). */
function callerTable(run: Pick<ConcurrencyReport, 'tools' | 'targetMs'>): string {
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

function teamServerSection(teamServer: TeamServerReport): string[] {
  const { webhook } = teamServer;
  return [
    `One \`fic serve\` process on a copy of section 1's database, its background sync on (every minute, one started by a client at the outset; ${int(teamServer.backgroundSyncs)} ran) against the same fake, which sends its webhooks to the server. ${int(teamServer.clients)} clients, each its own MCP session over Streamable HTTP with a personal token, call the read tools in turn (inputs as in section 4) with a pause of ${int(teamServer.thinkMs)} ms on average: ${int(teamServer.calls)} calls in ${n(teamServer.durationMs / 1000)} s (${n(teamServer.callsPerSecond)} calls/s). Peak RSS of the server: ${n(teamServer.serverPeakRssMb)} MB (target ${int(teamServer.rssTargetMb)} MB). Milliseconds.`,
    '',
    callerTable(teamServer),
    '',
    `Webhook freshness: a reply added in the fake every 2 s (${int(webhook.changes)} changes), each followed until the copy stored it (the search index is written in the same transaction): ${int(webhook.stored)} stored, p50 ${n(webhook.p50Ms / 1000, 2)} s, p95 ${n(webhook.p95Ms / 1000, 2)} s, max ${n(webhook.maxMs / 1000, 2)} s (target p95 ${n(webhook.targetMs / 1000, 0)} s). A change that arrives while a sync holds the database's lock waits for it to end.`,
  ];
}

function scalingSection(scaling: ScalingReport, chart: string | undefined): string[] {
  const tools = Object.keys(scaling.points[0]?.p95Ms ?? {});
  const sizes = scaling.points.map((point) => int(point.conversations));
  const steps = scaling.stepSlopes.map((step) => `slope ${int(step.from)} -> ${int(step.to)}`);
  return [
    'The synced workspace copied (fresh ids and contacts, a unique reference token per copy) through `ConversationRepository.writeConversations` up to each size, then every tool timed through MCP (p50 / p95, ms). A slope is log(p95 ratio) / log(size ratio): 0 flat, 1 linear in the workspace.',
    '',
    table(
      ['Tool', ...sizes, ...steps, 'slope overall'],
      tools.map((tool) => [
        `\`${tool}\``,
        ...scaling.points.map((point) => `${ms(point.p50Ms[tool]!)} / ${ms(point.p95Ms[tool]!)}`),
        ...scaling.stepSlopes.map((step) => n(step.slopes[tool] ?? 0, 2)),
        n(scaling.slopes[tool] ?? 0, 2),
      ]),
    ),
    '',
    `Search p95 of the relevance benchmark's questions (core query): ${scaling.points
      .map((point) => `${ms(point.questionsP95Ms)} ms at ${int(point.conversations)}`)
      .join(', ')}.`,
    '',
    table(
      [
        'Conversations',
        'Write time',
        'Database',
        'Per conversation',
        'Incremental sync: changed',
        'synced',
        'requests',
        'time in sync',
        'process wall',
        'peak RSS',
      ],
      scaling.points.map((point) => [
        int(point.conversations),
        `${n(point.seedMs / 1000)} s`,
        `${n(point.databaseBytes / 1024 ** 2)} MB`,
        `${n(point.bytesPerConversation / 1024, 2)} KB`,
        int(point.incremental.changedConversations),
        int(point.incremental.conversationsSynced),
        int(point.incremental.apiRequests),
        `${n(point.incremental.durationMs / 1000, 2)} s`,
        `${n(point.incremental.wallMs / 1000, 2)} s`,
        `${n(point.incremental.peakRssMb, 0)} MB`,
      ]),
    ),
    '',
    "At each size the fake (no latency, no rate limit, so the time is this machine's work) changed the same 1% of the synced workspace, then an incremental sync (`fic sync` in its own process) brought the grown database up to date: a time and request count flat across sizes is a sync whose cost follows the change, not the database.",
    '',
    chart === undefined ? '' : `![Query p95 against size](${chart})`,
  ];
}

/** A section's lines when its scenario ran; a line saying it did not otherwise. */
function ran<T>(figures: T | null, section: (figures: T) => string[]): string[] {
  return figures === null
    ? ['Not run in this report (`--only` named another scenario, or `--scale` was off).']
    : section(figures);
}
