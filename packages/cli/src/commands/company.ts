import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { CompanyContextResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';

export default class Company extends BaseCommand {
  static override summary =
    'One company: profile, custom attributes, contacts, recent conversations and tickets, and its team metrics.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> "Blue Sun"',
    '<%= config.bin %> <%= command.id %> 531ee472cce572a6ec000006 --since 90d',
    '<%= config.bin %> <%= command.id %> "Blue Sun" --json',
  ];

  static override args = {
    company: Args.string({
      required: true,
      description: "The company's name, Intercom id, or your own company_id.",
    }),
  };

  static override flags = {
    since: Flags.string({ summary: 'Team metrics from (date or span back, e.g. 30d; default 30d).' }),
    until: Flags.string({ summary: 'Team metrics until (exclusive).' }),
    limit: Flags.integer({
      char: 'n',
      summary: 'Contacts, conversations and tickets listed, each (default 20, at most 100).',
      min: 1,
      max: 100,
    }),
  };

  public async run(): Promise<CompanyContextResult> {
    const { args, flags } = await this.parse(Company);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getCompanyContext } = await import('@fastintercom/core/queries');
    const { renderCompany } = await import('../format/ticket-report.js');
    const context = getCompanyContext(database, {
      company: args.company,
      since: flags.since,
      until: flags.until,
      limit: flags.limit,
    });
    this.log(renderCompany(context));
    return context;
  }
}
