import type { VerifyReport } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { ExitCode } from '../exit-codes.js';

export interface VerifyResult extends VerifyReport {
  dbPath: string;
}

export default class Verify extends BaseCommand {
  static override summary = 'Check the database for damage and broken sync promises.';
  static override description =
    "Runs SQLite's integrity and foreign-key checks, checks that the search index matches the stored conversations, that every conversation's parts are complete and in order, and that the sync checkpoint claims nothing that is not stored. Read-only (on a read-only file the search index comparison, which needs a writable connection, is skipped and says so). Exits 7 when SQLite finds the file damaged (or it is not a database), 1 on any other problem.";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --db ./copy.db --json',
  ];

  public async run(): Promise<VerifyResult> {
    const { flags } = await this.parse(Verify);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { verifyDatabase } = await import('@fastintercom/core');
    const { renderTable } = await import('../format/table.js');
    const report = verifyDatabase(database);

    this.log(
      renderTable(report.checks, [
        { header: 'check', value: (check) => check.name },
        {
          header: 'result',
          value: (check) => (check.skipped === true ? 'skipped' : check.ok ? 'ok' : 'FAILED'),
        },
        { header: 'detail', value: (check) => check.detail, flexible: true },
      ]),
    );
    const failed = report.checks.filter((check) => !check.ok);
    const skipped = report.checks.filter((check) => check.skipped === true);
    for (const check of failed) this.log(`\n${check.name} failed: ${check.detail}`);
    const ran = report.checks.length - skipped.length;
    const notRun = skipped.length === 0 ? '' : ` (${skipped.map((check) => check.name).join(', ')} skipped)`;
    this.log(
      report.ok
        ? `\n${database.path}: all ${ran} checks passed${notRun}.`
        : `\n${database.path}: ${failed.length} of ${ran} checks failed${notRun}.`,
    );
    if (!report.ok) {
      const damaged = failed.some((check) => check.name === 'integrity');
      this.failAfterOutput(damaged ? ExitCode.corrupt : ExitCode.failed);
    }
    return { dbPath: database.path, ...report };
  }
}
