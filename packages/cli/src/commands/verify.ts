import type { VerifyReport } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { ExitCode } from '../exit-codes.js';

export interface VerifyResult extends VerifyReport {
  dbPath: string;
}

export default class Verify extends BaseCommand {
  static override summary = 'Check the database for damage and broken sync promises.';
  static override description =
    "Runs SQLite's integrity and foreign-key checks, checks that the search index matches the stored conversations, that every conversation's parts are complete and in order, and that the sync checkpoint claims nothing that is not stored. Read-only. Exits 1 on any problem.";
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
        { header: 'result', value: (check) => (check.ok ? 'ok' : 'FAILED') },
        { header: 'detail', value: (check) => check.detail, flexible: true },
      ]),
    );
    const failed = report.checks.filter((check) => !check.ok);
    for (const check of failed) this.log(`\n${check.name} failed: ${check.detail}`);
    this.log(
      report.ok
        ? `\n${database.path}: all ${report.checks.length} checks passed.`
        : `\n${database.path}: ${failed.length} of ${report.checks.length} checks failed.`,
    );
    if (!report.ok) this.failAfterOutput(ExitCode.failed);
    return { dbPath: database.path, ...report };
  }
}
