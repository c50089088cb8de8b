import * as Flags from '@oclif/core/flags';
import type { SyncResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { ExitCode, exitCodeSummary } from '../exit-codes.js';
import { parseSince } from '../time-flags.js';

export interface SyncCommandResult extends SyncResult {
  mode: 'incremental' | 'full' | 'window';
  dbPath: string;
}

type Checkpoint = { updatedAt: number } | null | undefined;

function isoCheckpoint<C extends Checkpoint>(
  checkpoint: C,
): C | (Omit<NonNullable<C>, 'updatedAt'> & { updatedAt: string }) {
  if (checkpoint === null || checkpoint === undefined) return checkpoint;
  return { ...checkpoint, updatedAt: new Date(checkpoint.updatedAt * 1000).toISOString() };
}

export default class Sync extends BaseCommand {
  static override summary = 'Copy new and changed Intercom conversations into the local database.';
  static override description = `Without flags, an incremental sync from the last checkpoint (a first sync copies everything). --days or --since re-syncs a window; --full everything. One sync runs at a time per database: a second one exits with code 3 and names the pid holding the lock.

Every sync also applies the deletions Intercom made (a deleted conversation leaves the copy on the next sync), retries first the conversations whose fetch kept failing before, and, once a day (FASTINTERCOM_RECONCILE_HOURS), re-lists the last 7 days (FASTINTERCOM_RECONCILE_DAYS) by id and update time to catch updates Intercom's search showed late. --reconcile does that now; --reconcile --full re-lists the whole history (fetching only what differs, and finding deletions).

Progress goes to stderr: bars on a terminal, a plain line every few seconds otherwise (cron), nothing with --quiet or --json. Exit codes: ${exitCodeSummary}.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --days 30',
    '<%= config.bin %> <%= command.id %> --since 2026-01-01 --max-conversations 5000',
    '<%= config.bin %> <%= command.id %> --quiet   # for cron',
    '<%= config.bin %> <%= command.id %> --reconcile --full   # prove nothing was missed',
  ];

  static override flags = {
    days: Flags.integer({
      summary: 'Sync conversations updated in the last N days.',
      min: 1,
      exclusive: ['since', 'full'],
    }),
    since: Flags.custom<number>({
      summary:
        'Sync conversations updated since then: YYYY-MM-DD, an ISO 8601 date-time or a span (7d, 24h).',
      helpValue: 'WHEN',
      exclusive: ['days', 'full'],
      parse: parseSince,
    })(),
    full: Flags.boolean({
      summary:
        'Sync everything again, ignoring the checkpoint (with --reconcile: re-list everything, fetch what differs).',
      exclusive: ['days', 'since'],
    }),
    reconcile: Flags.boolean({
      summary: `Re-list the last FASTINTERCOM_RECONCILE_DAYS days now (with --full: the whole history) and fetch what differs from the copy.`,
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

  /**
   * Checkpoints print as ISO times, as `fic status --json` prints the same checkpoint: a field has one
   * type in every command's JSON. (The returned result keeps core's Unix seconds.)
   */
  override toSuccessJson(result: SyncCommandResult): unknown {
    const tickets = result.tickets && {
      ...result.tickets,
      checkpoint: isoCheckpoint(result.tickets.checkpoint),
    };
    return super.toSuccessJson({ ...result, checkpoint: isoCheckpoint(result.checkpoint), tickets });
  }

  public async run(): Promise<SyncCommandResult> {
    const { flags } = await this.parse(Sync);
    const { config } = await this.loadConfig({
      dbPath: flags.db,
      concurrency: flags.concurrency,
      maxConversationsPerSync: flags['max-conversations'],
    });
    const mode =
      flags.full && !flags.reconcile
        ? 'full'
        : flags.days !== undefined || flags.since !== undefined
          ? 'window'
          : 'incremental';
    const reconcile = flags.reconcile ? (flags.full ? 'all' : 'window') : undefined;
    const since =
      flags.days === undefined ? flags.since : Math.floor(Date.now() / 1000) - flags.days * 86_400;

    const { SyncProgressRenderer, describeSyncResult } =
      await import('../progress/sync-progress-renderer.js');
    const progress = new SyncProgressRenderer({
      mode: flags.quiet || this.jsonEnabled() ? 'silent' : undefined,
      maxConversations: config.maxConversationsPerSync,
    });
    progress.log(`Syncing (${mode}) into ${config.dbPath}`);

    const { runInteractiveSync } = await import('../interactive-sync.js');
    const result = await runInteractiveSync(config, { mode, since, reconcile }, progress);
    if (!flags.quiet || result.outstandingFailures > 0) this.log(describeSyncResult(result));
    if (result.outstandingFailures > 0) this.failAfterOutput(ExitCode.partial);
    return { ...result, mode, dbPath: config.dbPath };
  }
}
