import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';
import type { StatusResult } from '../database-status.js';
import { ExitCode } from '../exit-codes.js';

export default class Status extends BaseCommand {
  static override summary = 'Show what the local database holds and how fresh it is.';
  static override description = `Database path and size, counts, the oldest and newest conversation, the last sync (status, counts, duration, rate, errors, peak memory), data age, the checkpoint, and a sync in progress.

--check exits 1 (for monitoring) when the data is older than three sync intervals (FASTINTERCOM_SYNC_INTERVAL_MINUTES), the last sync failed, or its error rate passed 1%.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check || echo "fic data is stale"',
  ];

  static override flags = {
    check: Flags.boolean({
      summary: 'Exit 1 when the data is stale, the last sync failed or had over 1% errors.',
    }),
  };

  public async run(): Promise<StatusResult> {
    const { flags } = await this.parse(Status);
    const { database, config } = await this.openConfiguredDatabase(flags.db);
    const { collectStatus } = await import('../database-status.js');
    const { renderStatus } = await import('../format/status-report.js');
    const status = await collectStatus(database, { syncIntervalMinutes: config.syncIntervalMinutes });
    this.log(renderStatus(status));
    if (flags.check && !status.health.ok) this.failAfterOutput(ExitCode.failed);
    return status;
  }
}
