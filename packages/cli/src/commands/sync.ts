import * as Flags from '@oclif/core/flags';
import type { SyncResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { parseSince } from '../time-flags.js';

export interface SyncCommandResult extends SyncResult {
  mode: 'incremental' | 'full' | 'window';
  dbPath: string;
}

export default class Sync extends BaseCommand {
  static override summary = 'Copy new and changed Intercom conversations into the local database.';
  static override description = `Without flags, an incremental sync from the last checkpoint (a first sync copies everything). --days or --since re-syncs a window; --full everything. One sync runs at a time per database: a second one exits with code 3 and names the pid holding the lock.

Progress goes to stderr: bars on a terminal, a plain line every few seconds otherwise (cron), nothing with --quiet or --json. Exit codes: 0 ok, 1 failed, 2 usage, 3 locked, 4 auth.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --days 30',
    '<%= config.bin %> <%= command.id %> --since 2026-01-01 --max-conversations 5000',
    '<%= config.bin %> <%= command.id %> --quiet   # for cron',
  ];

  static override flags = {
    days: Flags.integer({
      summary: 'Sync conversations updated in the last N days.',
      min: 1,
      exclusive: ['since', 'full'],
    }),
    since: Flags.custom<number>({
      summary: 'Sync conversations updated since this date (YYYY-MM-DD or ISO 8601 date-time).',
      helpValue: 'DATE',
      exclusive: ['days', 'full'],
      parse: parseSince,
    })(),
    full: Flags.boolean({
      summary: 'Sync everything again, ignoring the checkpoint.',
      exclusive: ['days', 'since'],
    }),
    'max-conversations': Flags.integer({
      summary: 'Stop after this many conversations (the checkpoint keeps the rest for the next sync).',
      min: 1,
    }),
    concurrency: Flags.integer({
      summary: 'Conversation fetches in flight (default 40, or FASTINTERCOM_CONCURRENCY).',
      min: 1,
      max: 100,
    }),
    quiet: Flags.boolean({ char: 'q', summary: 'Print nothing unless the sync fails (for cron).' }),
  };

  public async run(): Promise<SyncCommandResult> {
    const { flags } = await this.parse(Sync);
    const { config } = await this.loadConfig({
      dbPath: flags.db,
      concurrency: flags.concurrency,
      maxConversationsPerSync: flags['max-conversations'],
    });
    const mode = flags.full
      ? 'full'
      : flags.days !== undefined || flags.since !== undefined
        ? 'window'
        : 'incremental';
    const since =
      flags.days === undefined ? flags.since : Math.floor(Date.now() / 1000) - flags.days * 86_400;

    const { SyncProgressRenderer, describeSyncResult } =
      await import('../progress/sync-progress-renderer.js');
    const progress = new SyncProgressRenderer({
      mode: flags.quiet || this.jsonEnabled() ? 'silent' : undefined,
    });
    progress.log(`Syncing (${mode}) into ${config.dbPath}`);

    const { runInteractiveSync } = await import('../interactive-sync.js');
    const result = await runInteractiveSync(config, { mode, since }, progress);
    if (!flags.quiet) this.log(describeSyncResult(result));
    return { ...result, mode, dbPath: config.dbPath };
  }
}
