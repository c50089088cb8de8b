import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { SearchTicketsResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';

export default class Tickets extends BaseCommand {
  static override summary =
    'Tickets: searched by words (as fic search does conversations), or most recently updated first, by state, type, category or customer.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> "scanner jams" --state resolved',
    '<%= config.bin %> <%= command.id %> --state resolved --type "Bug report"',
    '<%= config.bin %> <%= command.id %> --state "Waiting on customer" --open --json',
  ];

  static override args = {
    query: Args.string({
      required: false,
      description:
        'Words to find in titles, descriptions and replies (the rules of fic search: ORed and ranked, "phrase", prefix*, -word); leave out to list the newest.',
    }),
  };

  static override flags = {
    state: Flags.string({
      summary: 'submitted, in_progress, waiting_on_customer or resolved, or a state label of the workspace.',
    }),
    type: Flags.string({ summary: 'A ticket type, by name or id.' }),
    category: Flags.string({ summary: 'Customer, Back-office or Tracker.' }),
    open: Flags.boolean({ summary: 'Only open tickets (--no-open: only closed ones).', allowNo: true }),
    contact: Flags.string({ summary: "Only this contact's tickets (Intercom contact id)." }),
    customer: Flags.string({ summary: 'Only tickets with a contact of this email.', helpValue: 'EMAIL' }),
    cursor: Flags.string({ summary: 'The next page of a search: the cursor a previous page printed.' }),
    limit: Flags.integer({ char: 'n', summary: 'Most tickets (default 20, at most 100).', min: 1, max: 100 }),
  };

  public async run(): Promise<SearchTicketsResult> {
    const { args, flags } = await this.parse(Tickets);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { searchTickets } = await import('@fastintercom/core/queries');
    const { renderTicketList } = await import('../format/ticket-report.js');
    const result = searchTickets(database, {
      query: args.query,
      state: flags.state,
      type: flags.type,
      category: flags.category,
      open: flags.open,
      contactId: flags.contact,
      customerEmail: flags.customer,
      limit: flags.limit,
      cursor: flags.cursor,
    });
    this.log(renderTicketList(result.hits));
    this.log(`\n${result.note}`);
    if (result.nextCursor !== null) this.log(`\nMore: add --cursor ${result.nextCursor}`);
    return result;
  }
}
