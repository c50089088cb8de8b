import fs from 'node:fs';
import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import type { SearchConversationsResult, SyncResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import type { StatusResult } from '../database-status.js';
import { usageError } from '../exit-codes.js';
import { formatCount } from '../format/units.js';

export interface DemoResult {
  dbPath: string;
  /** How many conversations the simulated workspace held. */
  conversations: number;
  sync: SyncResult;
  status: StatusResult;
  sampleSearch: { query: string; result: SearchConversationsResult };
}

const demoFileName = 'fic-demo.db';
const sampleQuery = 'refund';

export default class Demo extends BaseCommand {
  static override summary =
    'Try fic without a token: sync a simulated Intercom workspace into ./fic-demo.db.';
  static override description = `Starts the fake Intercom server in-process with a few thousand generated conversations, syncs them with the real sync engine (progress bars and all), then shows the status and a sample search. Nothing leaves your machine. Afterwards, query the copy like a real one:

  fic search refund --db fic-demo.db
  fic recent --db fic-demo.db
  fic team --db fic-demo.db`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --conversations 500 --json',
  ];

  static override flags = {
    db: Flags.string({
      summary: `Where the demo database goes (default ./${demoFileName}, replaced on every run).`,
      default: demoFileName,
    }),
    conversations: Flags.integer({
      summary: 'Conversations in the simulated workspace.',
      default: 3000,
      min: 10,
      max: 50_000,
    }),
  };

  public async run(): Promise<DemoResult> {
    const { flags } = await this.parse(Demo);
    const dbPath = path.resolve(flags.db);
    removePreviousDemo(dbPath);

    const { searchConversations } = await import('@fastintercom/core');
    const { runInteractiveSync } = await import('../interactive-sync.js');
    const { startFakeIntercom } = await import('@fastintercom/fake-intercom');
    const { SyncProgressRenderer, describeSyncResult } =
      await import('../progress/sync-progress-renderer.js');
    const progress = new SyncProgressRenderer({ mode: this.jsonEnabled() ? 'silent' : undefined });

    progress.log(
      `Starting a simulated Intercom workspace with ${formatCount(flags.conversations)} conversations…`,
    );
    const fake = await startFakeIntercom({ conversations: flags.conversations, rateLimitPerMinute: 0 });
    let sync: SyncResult;
    let syncIntervalMinutes: number;
    try {
      const { config } = await this.loadConfig({ accessToken: fake.token, apiUrl: fake.url, dbPath });
      syncIntervalMinutes = config.syncIntervalMinutes;
      progress.log(`Syncing it into ${dbPath}`);
      sync = await runInteractiveSync(config, { mode: 'full' }, progress);
    } finally {
      await fake.close();
    }
    this.log(describeSyncResult(sync));

    const database = await this.openDatabase(dbPath);
    const { collectStatus } = await import('../database-status.js');
    const status = await collectStatus(database, { syncIntervalMinutes });
    const result = searchConversations(database, { query: sampleQuery, limit: 5 });

    const { renderStatus } = await import('../format/status-report.js');
    const { renderSearchHits } = await import('../format/conversation-tables.js');
    const { ficCommand, shownPath } = await import('../installation.js');
    // Hints name fic the way that works from here (`fic` only when it is on PATH).
    const fic = ficCommand();
    const shownDb = shownPath(dbPath);
    this.log(`\n${renderStatus(status)}`);
    this.log(`\n$ ${fic} search ${sampleQuery} --db ${shownDb}\n${renderSearchHits(result.hits)}`);
    this.log(
      [
        '',
        'Next, try:',
        `  ${fic} conversation ${result.hits[0]?.id ?? 'ID'} --db ${shownDb}`,
        `  ${fic} recent --state open --db ${shownDb}`,
        `  ${fic} team --db ${shownDb}`,
        `With your own workspace: ${fic} init, then ${fic} sync.`,
      ].join('\n'),
    );
    return {
      dbPath,
      conversations: flags.conversations,
      sync,
      status,
      sampleSearch: { query: sampleQuery, result },
    };
  }
}

/** The demo starts from scratch; it only ever deletes a previous demo database (and its WAL and lock). */
function removePreviousDemo(dbPath: string): void {
  if (!fs.existsSync(dbPath)) return;
  if (path.basename(dbPath) !== demoFileName) {
    throw usageError(
      `${dbPath} already exists: the demo writes a fresh database, so name a new file with --db.`,
    );
  }
  for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(dbPath + suffix, { force: true });
}
