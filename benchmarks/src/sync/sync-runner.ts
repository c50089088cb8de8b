/**
 * The syncing process of the sync scenarios: `node sync-runner.js '<json SyncRunnerInput>'`. It runs
 * `runSync` (what `fic sync` runs) against the given API and database, and prints JSON lines on stdout:
 * a 'sample' of the sync's progress every `sampleMs`, then one 'result' (or 'error'). Its own process is
 * the one measured, so the parent reads peak RSS from `process.resourceUsage()` here.
 */
import { nodeHttpTransport, resolveConfig, runSync } from '@fastintercom/core';
import type { SyncProgress } from '@fastintercom/core';
import { countingTransport, emptyRequestCounts } from './counting-transport.js';
import type { SyncRunnerInput, SyncRunnerMessage } from './sync-runner-protocol.js';

function send(message: SyncRunnerMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as SyncRunnerInput;
  const { config } = resolveConfig({
    env: {
      INTERCOM_ACCESS_TOKEN: input.token,
      FASTINTERCOM_API_URL: input.apiUrl,
      FASTINTERCOM_DB_PATH: input.dbPath,
      FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false',
    },
    file: {},
  });
  const counts = emptyRequestCounts();
  const started = performance.now();
  let latest: SyncProgress | undefined;
  const sample = (): void => {
    if (latest === undefined) return;
    send({ type: 'sample', tMs: Math.round(performance.now() - started), progress: latest, rssMb: rssMb() });
  };
  const timer = setInterval(sample, input.sampleMs);
  try {
    const result = await runSync(config, {
      mode: input.mode,
      concurrency: input.concurrency,
      reconcile: input.reconcile,
      // The transport fic sync uses by default, counted.
      client: { transport: countingTransport(nodeHttpTransport(), counts) },
      onProgress: (event) => {
        const phaseChanged = latest?.phase !== event.phase;
        latest = event;
        if (phaseChanged) sample();
      },
    });
    clearInterval(timer);
    sample();
    send({
      type: 'result',
      wallMs: Math.round(performance.now() - started),
      result,
      requests: counts,
      peakRssMb: peakRssMb(),
      cpuMs: cpuMs(),
    });
  } catch (error) {
    clearInterval(timer);
    const code = (error as { code?: unknown }).code;
    send({
      type: 'error',
      code: typeof code === 'string' ? code : 'unknown',
      message: error instanceof Error ? error.message : String(error),
    });
    process.exitCode = 1;
  }
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

function rssMb(): number {
  return Math.round((process.memoryUsage.rss() / 1024 / 1024) * 10) / 10;
}

await main();
