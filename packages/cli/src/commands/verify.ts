import * as Flags from '@oclif/core/flags';
import type { RemoteComparison, VerifyReport } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { ExitCode } from '../exit-codes.js';
import { plural } from '../format/units.js';

export interface VerifyResult extends VerifyReport {
  dbPath: string;
  /** With --remote: the copy compared with Intercom's own listing. */
  remote?: RemoteComparison;
}

export default class Verify extends BaseCommand {
  static override summary = 'Check the database for damage and broken sync promises.';
  static override description =
    "Runs SQLite's integrity and foreign-key checks, checks that the search index matches the stored conversations, that every conversation's parts are complete and in order, and that the sync checkpoint claims nothing that is not stored. With --remote it also lists Intercom's conversations (by id and update time only: one request per 150) and reports what the copy is missing, holds stale, or still holds although Intercom deleted it. Read-only: it writes nothing (on a read-only file the search index comparison, which needs a writable connection, is skipped and says so). Exits 7 when SQLite finds the file damaged (or it is not a database), 1 on any other problem, an incomplete copy included.";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --db ./copy.db --json',
    '<%= config.bin %> <%= command.id %> --remote            # prove the copy is complete',
    '<%= config.bin %> <%= command.id %> --remote --days 7',
  ];

  static override flags = {
    remote: Flags.boolean({
      summary: "Also compare the copy with Intercom's listing (needs the token; writes nothing).",
    }),
    days: Flags.integer({
      summary: 'With --remote: compare only conversations updated in the last N days (default: all).',
      min: 1,
      dependsOn: ['remote'],
    }),
  };

  public async run(): Promise<VerifyResult> {
    const { flags } = await this.parse(Verify);
    const { database, config } = await this.openConfiguredDatabase(flags.db);
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
    let remote: RemoteComparison | undefined;
    if (flags.remote) {
      const { compareWithRemote, IntercomClient } = await import('@fastintercom/core');
      const client = IntercomClient.fromConfig(config);
      const from = flags.days === undefined ? 0 : Math.floor(Date.now() / 1000) - flags.days * 86_400;
      remote = await compareWithRemote(client, database, { from });
      this.log(`\n${describeRemote(remote)}`);
    }
    if (!report.ok) {
      const damaged = failed.some((check) => check.name === 'integrity');
      this.failAfterOutput(damaged ? ExitCode.corrupt : ExitCode.failed);
    } else if (remote !== undefined && !remote.complete) {
      this.failAfterOutput(ExitCode.failed);
    }
    return { dbPath: database.path, ...report, ...(remote === undefined ? {} : { remote }) };
  }
}

function describeRemote(remote: RemoteComparison): string {
  const window =
    remote.from === 0 ? 'the whole history' : `since ${new Date(remote.from * 1000).toISOString()}`;
  const lines = [
    `Compared with Intercom (${window}, ${plural(remote.requests, 'request')}): ${plural(remote.listed, 'conversation')} listed.`,
  ];
  const list = (label: string, part: { count: number; ids: string[] }, fix: string): void => {
    if (part.count === 0) return;
    const more = part.count > part.ids.length ? `, and ${part.count - part.ids.length} more` : '';
    lines.push(`${label}: ${part.count} (${part.ids.join(', ')}${more}). ${fix}`);
  };
  list('Missing from the copy', remote.missing, 'fic sync fetches them.');
  list('Stale in the copy', remote.stale, 'fic sync fetches them again.');
  list('Deleted in Intercom, still in the copy', remote.deleted, 'fic sync --reconcile --full removes them.');
  if (remote.newerInCopy > 0 || remote.unlistedPresent > 0 || remote.listedButDeleted > 0) {
    lines.push(
      `Intercom's search index is behind the copy for ${remote.newerInCopy + remote.unlistedPresent + remote.listedButDeleted} conversations (nothing to do: it catches up).`,
    );
  }
  if (remote.unchecked > 0)
    lines.push(`${plural(remote.unchecked, 'conversation')} the listing did not show could not be checked.`);
  lines.push(remote.complete ? 'The copy is complete.' : 'The copy is not complete.');
  return lines.join('\n');
}
