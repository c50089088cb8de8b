import * as Flags from '@oclif/core/flags';
import type cliProgress from 'cli-progress';
import type { BenchProgress, BenchReport } from '@fastintercom/benchmarks';
import type * as Benchmarks from '@fastintercom/benchmarks';
import { BaseCommand } from '../base-command.js';
import { usageError } from '../exit-codes.js';

export default class Bench extends BaseCommand {
  static override summary = 'Measure fic against the fake Intercom and write a performance report.';
  static override description = `Runs every scenario against a fresh, seeded fake Intercom started as a child process: a realistic full sync (150 ms median latency, 10,000 requests/min), the ingest ceiling next to a raw better-sqlite3 baseline, an incremental sync after 1% of the workspace changed, the latency of every MCP tool, then of each while 50 callers share one fic-mcp (hostile prefix searches among their calls), and while 50 HTTP clients share one fic serve with its background sync and webhooks (with the webhook freshness), start-up of fic and fic-mcp, peak memory (again at 4x the workspace) and storage. --scale adds query latency at 10k, 100k and 1M conversations (--scale-sizes to choose); --only NAME runs one scenario alone.

Writes DIR/<timestamp>.md, DIR/<timestamp>.json and SVG charts (default DIR: benchmarks/reports/). The default workspace has 44,310 conversations, the size of the original report's; --quick uses 5,000. Needs the built workspace (npm run build).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --quick',
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --scale --out /tmp/fic-reports',
    '<%= config.bin %> <%= command.id %> --only scaling --scale-sizes 10000,100000',
    '<%= config.bin %> <%= command.id %> --quick --json > bench.json',
  ];

  static override flags = {
    quick: Flags.boolean({
      summary: '5,000 conversations instead of 44,310 (a couple of minutes on 2 cores).',
    }),
    conversations: Flags.integer({ summary: 'Workspace size (default 44,310; 5,000 with --quick).', min: 1 }),
    'latency-ms': Flags.integer({
      summary: 'Median latency of the realistic fake, in ms.',
      default: 150,
      min: 0,
    }),
    'rate-limit-per-minute': Flags.integer({
      summary: 'Rate limit of the realistic fake, requests per minute (0 = none).',
      default: 10_000,
      min: 0,
    }),
    scale: Flags.boolean({ summary: 'Also measure query latency at 10k, 100k and 1M conversations (long).' }),
    'scale-sizes': Flags.string({
      summary: 'Workspace sizes of the scaling scenario, comma-separated (default 10000,100000,1000000).',
      helpValue: 'N,N,...',
    }),
    only: Flags.string({
      summary:
        'Run one scenario alone (e.g. scaling), with the synced workspace it needs; a wrong name lists them.',
      helpValue: 'NAME',
    }),
    out: Flags.string({ summary: 'Report directory (default benchmarks/reports/).', helpValue: 'DIR' }),
  };

  public async run(): Promise<BenchReport> {
    const { flags } = await this.parse(Bench);
    // Loaded here, not at module level: oclif loads every command file to list them.
    const { runBenchmarks } = await loadBenchmarks();
    const { default: progressBars } = await import('cli-progress');
    const mode = this.jsonEnabled() ? 'silent' : process.stderr.isTTY ? 'bars' : 'lines';
    const progress = new ScenarioBars(mode, progressBars);
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    let report: BenchReport;
    try {
      report = await runBenchmarks(
        {
          quick: flags.quick,
          conversations: flags.conversations,
          latencyMs: flags['latency-ms'],
          rateLimitPerMinute: flags['rate-limit-per-minute'],
          scale: flags.scale,
          scaleSizes: flags['scale-sizes'] === undefined ? undefined : scaleSizes(flags['scale-sizes']),
          only: flags.only,
          out: flags.out,
          command: ['fic bench', ...this.argv].join(' '),
        },
        { onProgress: progress.update, signal: controller.signal },
      );
    } finally {
      progress.stop();
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    }

    const met = report.targets.filter((target) => target.pass === true).length;
    this.log(`${met} of ${report.targets.length} targets met.`);
    for (const target of report.targets.filter((item) => item.pass === false)) {
      this.log(`  missed: ${target.name}: ${target.measured} (goal ${target.target})`);
    }
    this.log(`Report: ${report.files.markdown}`);
    this.log(`Data:   ${report.files.json}`);
    return report;
  }
}

/** '10000,100000' -> [10000, 100000]; a size that is not a whole number is a usage error. */
function scaleSizes(list: string): number[] {
  return list.split(',').map((item) => {
    const size = Number(item.trim().replaceAll('_', ''));
    if (!Number.isInteger(size) || size < 1) {
      throw usageError(
        `--scale-sizes takes whole numbers separated by commas (10000,100000), got "${item}".`,
      );
    }
    return size;
  });
}

/**
 * The benchmarks workspace is not part of the published package (its charts library alone is 60 MB):
 * an installed fic says where bench runs instead of failing on a missing module.
 */
async function loadBenchmarks(): Promise<typeof Benchmarks> {
  try {
    return await import('@fastintercom/benchmarks');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw usageError(
      'fic bench runs from a clone of the repository (the benchmarks are not in the installed package): clone it, run npm install, then ./bin/fic bench.',
    );
  }
}

/** A progress bar per scenario on a terminal; one line per phase elsewhere; nothing with --json. */
class ScenarioBars {
  readonly #mode: 'bars' | 'lines' | 'silent';
  readonly #library: typeof cliProgress;
  readonly #bars = new Map<string, cliProgress.SingleBar>();
  #multiBar: cliProgress.MultiBar | undefined;
  #lastLine = '';

  constructor(mode: 'bars' | 'lines' | 'silent', library: typeof cliProgress) {
    this.#mode = mode;
    this.#library = library;
  }

  readonly update = (event: BenchProgress): void => {
    if (this.#mode === 'lines') {
      const line = `${event.scenario}: ${event.phase}`;
      if (line !== this.#lastLine) process.stderr.write(`${line}\n`);
      this.#lastLine = line;
    } else if (this.#mode === 'bars') {
      this.#bar(event.scenario).update(event.done, { phase: event.phase });
      this.#bar(event.scenario).setTotal(Math.max(event.total ?? event.done, event.done, 1));
    }
  };

  stop(): void {
    this.#multiBar?.stop();
    this.#multiBar = undefined;
  }

  #bar(scenario: string): cliProgress.SingleBar {
    this.#multiBar ??= new this.#library.MultiBar(
      {
        stream: process.stderr,
        format: '{scenario} {bar} {value}/{total} {phase}',
        barsize: 28,
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      this.#library.Presets.shades_classic,
    );
    let bar = this.#bars.get(scenario);
    if (bar === undefined) {
      bar = this.#multiBar.create(1, 0, { scenario: scenario.padEnd(11), phase: '' });
      this.#bars.set(scenario, bar);
    }
    return bar;
  }
}
