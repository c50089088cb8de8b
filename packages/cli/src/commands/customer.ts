import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { CustomerContextResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { timeFlag } from '../time-flags.js';

export default class Customer extends BaseCommand {
  static override summary =
    "A customer's profile and recent history: conversations, response times, ratings, topics.";
  static override description =
    'Every contact with the email is included. The window defaults to the last 30 days; counts and statistics cover the whole window, the list its most recent conversations.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> ada@example.com',
    '<%= config.bin %> <%= command.id %> ada@example.com --since 90d --limit 50 --json',
  ];

  static override args = {
    email: Args.string({ required: true, description: "The customer's email (case-insensitive)." }),
  };

  static override flags = {
    since: timeFlag('Window start: an ISO date or date-time, or a span back (7d, 2w). Default 30 days ago.'),
    until: timeFlag('Window end (exclusive). Default now.'),
    limit: Flags.integer({
      char: 'n',
      summary: 'Most conversations listed (default 20, at most 100).',
      min: 1,
      max: 100,
    }),
  };

  public async run(): Promise<CustomerContextResult> {
    const { args, flags } = await this.parse(Customer);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getCustomerContext } = await import('@fastintercom/core/queries');
    const { renderCustomerContext } = await import('../format/customer-report.js');
    const context = getCustomerContext(database, {
      email: args.email,
      since: flags.since,
      until: flags.until,
      limit: flags.limit,
    });
    this.log(renderCustomerContext(context));
    return context;
  }
}
