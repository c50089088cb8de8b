import { openDatabase, resolveConfig } from '@fastintercom/core';
import { createServer } from '@fastintercom/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { ScenarioName } from '../bench-options.js';
import type { BenchContext } from '../bench-context.js';
import type { ToolLatencyReport } from '../bench-report.js';
import { latencyStats } from '../latency-stats.js';
import { QUERY_TOOLS, buildQueryCases, targetMs } from './query-cases.js';
import type { QueryCase } from './query-cases.js';
import { seededRandom } from '@fastintercom/fake-intercom';
import { readQueryWorkload } from './query-workload.js';

/** Untimed calls per tool first: the database opens, statements get prepared, pages get cached. */
const WARM_UP_CALLS = 10;
/** Calls a tool makes even past its time budget. */
const MIN_CALLS = 20;

export interface QueryLimits {
  callsPerTool: number;
  /** A tool stops after this much time once it has made MIN_CALLS calls. Default: no budget. */
  budgetMsPerTool?: number;
}

/**
 * Scenario 4: every query tool through a real MCP Client (in-memory transport, so schemas and results
 * go through the SDK as a model's would), then the same inputs straight to the core query.
 */
export async function measureQueries(
  context: BenchContext,
  dbPath: string,
  scenario: ScenarioName = 'queries',
  limits: QueryLimits = { callsPerTool: context.options.queryCallsPerTool },
): Promise<Record<string, ToolLatencyReport>> {
  const { seed } = context.options;
  context.progress(scenario, 'choosing inputs from the data', 0, null);
  const workload = readQueryWorkload(dbPath, seededRandom(seed));
  const cases = buildQueryCases(workload, limits.callsPerTool, seededRandom(seed + 1));
  const budget = limits.budgetMsPerTool ?? Number.POSITIVE_INFINITY;
  const total = QUERY_TOOLS.length * limits.callsPerTool * 2;
  let done = 0;
  const step = (phase: string): void => {
    done += 1;
    if (done % 50 === 0 || done === total) context.progress(scenario, phase, done, total);
  };

  const viaMcp = await timeThroughMcp(dbPath, cases, budget, step);
  const direct = await timeDirect(dbPath, cases, budget, step);
  return Object.fromEntries(
    QUERY_TOOLS.map((tool) => [
      tool,
      {
        ...latencyStats(viaMcp[tool].samples),
        targetMs: targetMs(tool),
        errors: viaMcp[tool].errors,
        direct: latencyStats(direct[tool]),
      },
    ]),
  );
}

type Timings<T> = Record<(typeof QUERY_TOOLS)[number], T>;

async function timeThroughMcp(
  dbPath: string,
  cases: Timings<QueryCase[]>,
  budgetMs: number,
  step: (phase: string) => void,
): Promise<Timings<{ samples: number[]; errors: number }>> {
  const { config } = resolveConfig({
    env: { FASTINTERCOM_DB_PATH: dbPath, FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false' },
    file: {},
  });
  const { server, cleanup } = createServer({ config, logger: () => undefined });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'fic-bench', version: '1.0.0' });
  await client.connect(clientTransport);
  try {
    const listed = new Set((await client.listTools()).tools.map((tool) => tool.name));
    const missing = QUERY_TOOLS.filter((tool) => !listed.has(tool));
    if (missing.length > 0) throw new Error(`The MCP server lacks ${missing.join(', ')}`);
    const results = {} as Timings<{ samples: number[]; errors: number }>;
    for (const tool of QUERY_TOOLS) {
      const list = cases[tool];
      for (const item of list.slice(0, WARM_UP_CALLS))
        await client.callTool({ name: tool, arguments: item.args });
      const samples: number[] = [];
      let errors = 0;
      const begun = performance.now();
      for (const item of list) {
        if (overBudget(samples.length, begun, budgetMs)) break;
        const started = performance.now();
        const result = await client.callTool({ name: tool, arguments: item.args });
        samples.push(performance.now() - started);
        if (result.isError === true) errors += 1;
        step(`MCP ${tool}`);
      }
      results[tool] = { samples, errors };
    }
    return results;
  } finally {
    await client.close();
    await cleanup();
    await server.close();
  }
}

async function timeDirect(
  dbPath: string,
  cases: Timings<QueryCase[]>,
  budgetMs: number,
  step: (phase: string) => void,
): Promise<Timings<number[]>> {
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    const now = Math.floor(Date.now() / 1000);
    const results = {} as Timings<number[]>;
    for (const tool of QUERY_TOOLS) {
      const list = cases[tool];
      for (const item of list.slice(0, WARM_UP_CALLS)) attempt(() => item.direct(database, now));
      const samples: number[] = [];
      const begun = performance.now();
      for (const item of list) {
        if (overBudget(samples.length, begun, budgetMs)) break;
        const started = performance.now();
        attempt(() => item.direct(database, now));
        samples.push(performance.now() - started);
        step(`core ${tool}`);
      }
      results[tool] = samples;
    }
    return results;
  } finally {
    await database.close();
  }
}

function overBudget(calls: number, begun: number, budgetMs: number): boolean {
  return calls >= MIN_CALLS && performance.now() - begun > budgetMs;
}

/** A query that rejects its input still costs its time; the MCP pass counts such errors. */
function attempt(call: () => unknown): void {
  try {
    call();
  } catch {
    // counted through MCP
  }
}
