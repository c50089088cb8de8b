import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { FicError } from '@fastintercom/core';
import type { BenchContext } from '../bench-context.js';
import type { StartupReport } from '../bench-report.js';
import { median, round } from '../latency-stats.js';
import { benchEnv } from '../node-child.js';
import { binaries, repoRoot } from '../repo-paths.js';

/**
 * Scenario 5: start-up as a user meets it. `fic --version` and `fic status` from spawn to exit, and
 * `fic-mcp` from spawn until a real MCP client has its tools/list answer. The median of several runs.
 */
export async function measureStartup(context: BenchContext, dbPath: string): Promise<StartupReport> {
  const runs = context.options.startupRuns;
  const env = benchEnv({ FASTINTERCOM_DB_PATH: dbPath });
  const total = runs * 3;
  let done = 0;
  const repeat = async (phase: string, measure: () => Promise<number>): Promise<number[]> => {
    await measure(); // warm the file cache; not counted
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      samples.push(round(await measure(), 1));
      context.progress('startup', phase, ++done, total);
    }
    return samples;
  };

  const ficVersionMs = await repeat('fic --version', () => timeExit([binaries.fic, '--version'], env));
  const statusMs = await repeat('fic status', () => timeExit([binaries.fic, 'status', '--db', dbPath], env));
  const mcpReadyMs = await repeat('fic-mcp tools/list', () => timeMcpReady(env));
  return {
    runs,
    ficVersionMs: round(median(ficVersionMs), 1),
    statusMs: round(median(statusMs), 1),
    mcpReadyMs: round(median(mcpReadyMs), 1),
    samples: { ficVersionMs, statusMs, mcpReadyMs },
  };
}

/** Spawn to exit, in ms; a non-zero exit is an error (a start-up that fails measures nothing). */
function timeExit(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new FicError('api', `${args.slice(0, 2).join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

async function timeMcpReady(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binaries.ficMcp],
    cwd: repoRoot,
    env: env as Record<string, string>,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'fic-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    await client.listTools();
    return performance.now() - started;
  } finally {
    await client.close();
  }
}
