import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';
import type { StatusResult } from '../database-status.js';
import { ExitCode } from '../exit-codes.js';

export default class Status extends BaseCommand {
  static override summary = 'Show what the local database holds and how fresh it is.';
  static override description = `Database path and size, counts, the oldest and newest conversation, the last sync (status, counts, duration, rate, errors, peak memory), data age, the checkpoint, a sync in progress or a lock a dead sync left behind, and SQLite's quick_check of the file (on files up to 32 MB; --check checks any size).

--check exits 1 (for monitoring) when the data is older than three sync intervals (FASTINTERCOM_SYNC_INTERVAL_MINUTES), the last sync failed or was interrupted, its error rate passed 1%, fetches keep failing, or a sync died leaving its lock (the same verdict as the MCP get_sync_status health); it exits 7 when the database file is damaged. Other exit codes: 2 the path is not a database file, 7 it is not an SQLite database, 9 it cannot be read where it is (permissions, or a WAL database on a read-only filesystem), 10 another program keeps it locked.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check || echo "fic data is stale or damaged"',
  ];

  static override flags = {
    check: Flags.boolean({
      summary:
        'Exit 1 when the data is stale, the last sync failed or had over 1% errors; 7 when the file is damaged.',
    }),
  };

  public async run(): Promise<StatusResult> {
    const { flags } = await this.parse(Status);
    const { database, config } = await this.openConfiguredDatabase(flags.db);
    const { collectStatus } = await import('../database-status.js');
    const { renderStatus } = await import('../format/status-report.js');
    const status = await collectStatus(database, {
      syncIntervalMinutes: config.syncIntervalMinutes,
      alwaysCheckIntegrity: flags.check,
    });
    this.log(renderStatus(status));
    if (flags.check && !status.health.ok) {
      this.failAfterOutput(status.integrity.ok === false ? ExitCode.corrupt : ExitCode.failed);
    }
    return status;
  }
}
