import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FicError } from '@fastintercom/core';
import { seededRandom } from '@fastintercom/fake-intercom';
import type { BenchContext } from '../bench-context.js';
import type { TeamServerReport } from '../bench-report.js';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';
import { latencyStats, percentile, round } from '../latency-stats.js';
import { benchEnv, NodeChild } from '../node-child.js';
import { binaries, repoRoot } from '../repo-paths.js';
import { buildQueryCases, QUERY_TOOLS } from './query-cases.js';
import { readQueryWorkload } from './query-workload.js';

/** HTTP clients sharing the one `fic serve`, each with its own MCP session. */
export const TEAM_CLIENTS = 50;
/** Mean pause of a client between calls (exponential, seeded). */
export const TEAM_THINK_MS = 1000;
export const TEAM_TOOL_TARGET_MS = 50;
export const TEAM_RSS_TARGET_MB = 200;
export const WEBHOOK_FRESHNESS_TARGET_MS = 5000;
/** A change made in the fake this often during the run, followed until it is stored. */
const CHANGE_EVERY_MS = 2000;
const WEBHOOK_SECRET = 'fic-bench-webhook-secret';

/**
 * Scenario 13: the team server. A copy of section 1's database is served by one real `fic serve`
 * process (background sync on, every minute, and one started by a client at the outset, against
 * `fake`), TEAM_CLIENTS clients connect over Streamable HTTP with a personal token and call the read
 * tools in turn for 60 s (5 s with --quick), while every CHANGE_EVERY_MS a reply is added in the fake,
 * whose webhook reaches the server; the time from the change to the conversation being stored (and so
 * searchable: the search index is written in the same transaction) is its freshness. The server's RSS
 * is sampled from /proc throughout.
 */
export async function measureTeamServer(
  context: BenchContext,
  fake: FakeIntercomProcess,
  sourceDbPath: string,
): Promise<TeamServerReport> {
  const { seed, quick } = context.options;
  const runMs = quick ? 5_000 : 60_000;
  context.progress('team-server', 'copying the database', 0, null);
  const dbPath = path.join(context.workDir, 'team-server.db');
  copyDatabase(sourceDbPath, dbPath);
  const env = benchEnv({
    INTERCOM_ACCESS_TOKEN: fake.token,
    FASTINTERCOM_API_URL: fake.url,
    FASTINTERCOM_DB_PATH: dbPath,
    FASTINTERCOM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'true',
    FASTINTERCOM_SYNC_INTERVAL_MINUTES: '1',
  });
  const created = await promisify(execFile)(
    process.execPath,
    [binaries.fic, 'token', 'create', '--name', 'bench', '--scope', 'sync', '--json'],
    { cwd: repoRoot, env },
  );
  const token = (JSON.parse(created.stdout) as { token: string }).token;

  const server = new NodeChild(
    [
      binaries.fic,
      'serve',
      '--port',
      '0',
      '--requests-per-minute',
      '100000',
      '--audit-log',
      path.join(context.workDir, 'audit.log'),
    ],
    env,
  );
  let stderr = '';
  server.process.stderr?.on('data', (chunk: string) => (stderr += chunk));
  try {
    const base = await listening(server, () => stderr);
    await fake.subscribeWebhook(`${base}/webhooks/intercom`, WEBHOOK_SECRET);
    const mcpUrl = new URL('/mcp', base);

    const inputs = 1000;
    const cases = buildQueryCases(
      readQueryWorkload(dbPath, seededRandom(seed + 2)),
      inputs,
      seededRandom(seed + 3),
    );
    context.progress('team-server', `connecting ${TEAM_CLIENTS} clients`, 0, null);
    const clients = await Promise.all(
      Array.from({ length: TEAM_CLIENTS }, async () => {
        const client = new Client({ name: 'fic-bench-team', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(mcpUrl, {
            requestInit: { headers: { Authorization: `Bearer ${token}` } },
          }),
        );
        return client;
      }),
    );
    try {
      // Untimed: the database opens, statements are prepared, pages cached.
      for (const tool of QUERY_TOOLS)
        await clients[0]!.callTool({ name: tool, arguments: cases[tool][0]!.args });
      await clients[0]!.callTool({ name: 'sync_conversations', arguments: {} });

      const rss = new RssSampler(server.pid);
      const samples = new Map(QUERY_TOOLS.map((tool) => [tool as string, [] as number[]]));
      const failed = new Map(QUERY_TOOLS.map((tool) => [tool as string, 0]));
      let calls = 0;
      const begun = performance.now();
      const end = begun + runMs;
      const caller = async (client: Client, index: number): Promise<void> => {
        const random = seededRandom(seed * 1000 + index);
        for (let call = 0; ; call++) {
          const pause = -Math.log(1 - random()) * TEAM_THINK_MS;
          if (performance.now() + pause >= end) return;
          await new Promise((resolve) => setTimeout(resolve, pause));
          const tool = QUERY_TOOLS[(index + call) % QUERY_TOOLS.length]!;
          const started = performance.now();
          try {
            const result = await client.callTool({
              name: tool,
              arguments: cases[tool][(index * 97 + call) % inputs]!.args,
            });
            if (result.isError === true) failed.set(tool, failed.get(tool)! + 1);
          } catch {
            failed.set(tool, failed.get(tool)! + 1);
          }
          samples.get(tool)!.push(performance.now() - started);
          calls += 1;
          if (calls % 100 === 0)
            context.progress('team-server', 'calling', Math.round(performance.now() - begun), runMs);
        }
      };
      const freshness = followChanges(fake, dbPath, end);
      await Promise.all(clients.map((client, index) => caller(client, index)));
      const durationMs = performance.now() - begun;
      const changes = await freshness;
      rss.stop();
      context.progress('team-server', 'done', runMs, runMs);
      const lags = changes.lagsMs.sort((a, b) => a - b);
      return {
        clients: TEAM_CLIENTS,
        calls,
        thinkMs: TEAM_THINK_MS,
        durationMs: Math.round(durationMs),
        callsPerSecond: round(calls / (durationMs / 1000), 1),
        targetMs: TEAM_TOOL_TARGET_MS,
        tools: Object.fromEntries(
          QUERY_TOOLS.map((tool) => [
            tool,
            { ...latencyStats(samples.get(tool)!), errors: failed.get(tool)! },
          ]),
        ),
        serverPeakRssMb: round(rss.peakMb, 1),
        rssTargetMb: TEAM_RSS_TARGET_MB,
        webhook: {
          changes: changes.made,
          stored: lags.length,
          p50Ms: round(percentile(lags, 0.5), 0),
          p95Ms: round(percentile(lags, 0.95), 0),
          maxMs: round(lags.at(-1) ?? Number.NaN, 0),
          targetMs: WEBHOOK_FRESHNESS_TARGET_MS,
        },
        backgroundSyncs: (stderr.match(/Background sync started/g) ?? []).length + 1,
      };
    } finally {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    }
  } finally {
    await server.stop();
  }
}

/** A consistent copy of the database file (its WAL folded in), for the server to own. */
function copyDatabase(from: string, to: string): void {
  const source = new BetterSqlite3(from, { readonly: true });
  try {
    source.prepare('VACUUM INTO ?').run(to);
  } finally {
    source.close();
  }
  fs.chmodSync(to, 0o600);
}

async function listening(server: NodeChild, stderr: () => string): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr());
    if (match !== null) return match[1]!;
    if (server.process.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new FicError('network', `fic serve did not start: ${server.stderrTail() || 'no output'}`);
}

/**
 * Adds a reply to a conversation in the fake every CHANGE_EVERY_MS until `end`, and follows each until
 * the copy stores its new update time (read through its own read-only connection, polled every 20 ms).
 */
async function followChanges(
  fake: FakeIntercomProcess,
  dbPath: string,
  end: number,
): Promise<{ made: number; lagsMs: number[] }> {
  const reader = new BetterSqlite3(dbPath, { readonly: true });
  const stored = reader.prepare('SELECT updated_at FROM conversations WHERE id = ?').pluck();
  const lagsMs: number[] = [];
  const pending: { id: string; at: number; since: number }[] = [];
  let made = 0;
  let nextChange = performance.now();
  try {
    // Changes stop at `end`; those still pending get up to 30 s more to land.
    while (performance.now() < end || (pending.length > 0 && performance.now() < end + 30_000)) {
      if (performance.now() >= nextChange && performance.now() < end) {
        nextChange += CHANGE_EVERY_MS;
        const since = performance.now();
        const changed = await fake.advance({ replies: 1 });
        for (const id of changed.updated) pending.push({ id, at: changed.at, since });
        made += changed.updated.length;
      }
      for (let index = pending.length - 1; index >= 0; index--) {
        const change = pending[index]!;
        const updatedAt = stored.get(change.id) as number | undefined;
        if (updatedAt !== undefined && updatedAt >= change.at) {
          lagsMs.push(performance.now() - change.since);
          pending.splice(index, 1);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    reader.close();
  }
  return { made, lagsMs };
}

/** Peak VmRSS of a process, sampled every 250 ms from /proc (Linux; 0 elsewhere). */
class RssSampler {
  peakMb = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number | undefined) {
    const sample = (): void => {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        this.peakMb = Math.max(this.peakMb, kb / 1024);
      } catch {
        // the process ended, or no /proc
      }
    };
    sample();
    this.#timer = setInterval(sample, 250);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
