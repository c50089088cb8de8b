import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { seededRandom } from '@fastintercom/fake-intercom';
import type { BenchContext } from '../bench-context.js';
import type { ConcurrencyReport } from '../bench-report.js';
import { latencyStats, round } from '../latency-stats.js';
import { benchEnv } from '../node-child.js';
import { binaries, repoRoot } from '../repo-paths.js';
import { buildQueryCases, QUERY_TOOLS } from './query-cases.js';
import { readQueryWorkload } from './query-workload.js';

/** Callers sharing the one server. */
export const CONCURRENT_CALLERS = 50;
/** Mean pause of a caller between its calls (exponential, seeded): each calls about once a second. */
export const CALLER_THINK_MS = 1000;
/** p95 each tool must keep while the callers share the server. */
export const CONCURRENT_TARGET_MS = 50;
/** The row of the hostile searches in the report. */
export const HOSTILE_SEARCH = 'search_conversations (hostile prefixes)';

/**
 * Searches that cost seconds before they were bounded: one- and two-letter prefixes (each expands to
 * most of the index), several prefixes in one query, broad three-letter ones. Now each is refused at
 * once or stays within the prefix cap; either way it may not hold up the calls around it.
 */
const HOSTILE_QUERIES = ['the* a* i*', 'a*', 're* fu*', 'th*', 'the*', 'con* pro* res*', 's* t* c* p*'];

/**
 * Scenario 9: MCP under concurrent callers. CONCURRENT_CALLERS callers share one real `fic-mcp` over
 * stdio, the server users run (an assistant fanning out tool calls, or several agents on one server, put
 * it in this position): each calls every read tool in turn with varied inputs, and one call in eight is a
 * hostile prefix search, pausing CALLER_THINK_MS on average between calls, for a set time (3 s with
 * --quick, else 30 s). A call's latency is its wait behind the others plus its own work, as the caller
 * sees it.
 */
export async function measureConcurrentCallers(
  context: BenchContext,
  dbPath: string,
): Promise<ConcurrencyReport> {
  const { seed, quick } = context.options;
  const runMs = quick ? 3_000 : 30_000;
  const tools = [...QUERY_TOOLS, HOSTILE_SEARCH];
  context.progress('concurrency', 'choosing inputs from the data', 0, null);
  const inputs = 1000;
  const cases = buildQueryCases(
    readQueryWorkload(dbPath, seededRandom(seed + 2)),
    inputs,
    seededRandom(seed + 3),
  );
  const argsFor = (tool: string, index: number): Record<string, unknown> =>
    tool === HOSTILE_SEARCH
      ? { query: HOSTILE_QUERIES[index % HOSTILE_QUERIES.length] }
      : cases[tool as (typeof QUERY_TOOLS)[number]][index % inputs]!.args;

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binaries.ficMcp],
    cwd: repoRoot,
    env: benchEnv({ FASTINTERCOM_DB_PATH: dbPath, FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false' }) as Record<
      string,
      string
    >,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'fic-bench-callers', version: '1.0.0' });
  await client.connect(transport);
  try {
    // Untimed: the database opens, statements are prepared, pages cached.
    for (const tool of tools) await client.callTool({ name: toolName(tool), arguments: argsFor(tool, 0) });

    const samples = new Map(tools.map((tool) => [tool, [] as number[]]));
    const failed = new Map(tools.map((tool) => [tool, 0]));
    let calls = 0;
    const begun = performance.now();
    const end = begun + runMs;
    // Each caller calls until the run's time is up (its last call may end a little after).
    const caller = async (index: number): Promise<void> => {
      const random = seededRandom(seed * 1000 + index);
      for (let call = 0; ; call++) {
        const pause = -Math.log(1 - random()) * CALLER_THINK_MS;
        if (performance.now() + pause >= end) return;
        await new Promise((resolve) => setTimeout(resolve, pause));
        const tool = tools[(index + call) % tools.length]!;
        const started = performance.now();
        const result = await client.callTool({
          name: toolName(tool),
          arguments: argsFor(tool, index * 97 + call),
        });
        samples.get(tool)!.push(performance.now() - started);
        if (result.isError === true) failed.set(tool, failed.get(tool)! + 1);
        calls += 1;
        if (calls % 50 === 0) {
          context.progress('concurrency', 'calling', Math.round(performance.now() - begun), runMs);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, (_, index) => caller(index)));
    const durationMs = performance.now() - begun;
    context.progress('concurrency', 'done', runMs, runMs);

    return {
      callers: CONCURRENT_CALLERS,
      servers: 1,
      calls,
      thinkMs: CALLER_THINK_MS,
      durationMs: Math.round(durationMs),
      callsPerSecond: round(calls / (durationMs / 1000), 1),
      targetMs: CONCURRENT_TARGET_MS,
      tools: Object.fromEntries(
        tools.map((tool) => [tool, { ...latencyStats(samples.get(tool)!), errors: failed.get(tool)! }]),
      ),
    };
  } finally {
    await client.close();
  }
}

function toolName(tool: string): string {
  return tool === HOSTILE_SEARCH ? 'search_conversations' : tool;
}
