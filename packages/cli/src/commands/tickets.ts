import * as Flags from '@oclif/core/flags';
import type { TicketListResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';

export default class Tickets extends BaseCommand {
  static override summary = 'Tickets, most recently updated first, by state, type, category or customer.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --state resolved --type "Bug report"',
    '<%= config.bin %> <%= command.id %> --state "Waiting on customer" --open --json',
  ];

  static override flags = {
    state: Flags.string({
      summary: 'submitted, in_progress, waiting_on_customer or resolved, or a state label of the workspace.',
    }),
    type: Flags.string({ summary: 'A ticket type, by name or id.' }),
    category: Flags.string({ summary: 'Customer, Back-office or Tracker.' }),
    open: Flags.boolean({ summary: 'Only open tickets (--no-open: only closed ones).', allowNo: true }),
    contact: Flags.string({ summary: "Only this contact's tickets (Intercom contact id)." }),
    limit: Flags.integer({ char: 'n', summary: 'Most tickets (default 20, at most 100).', min: 1, max: 100 }),
  };

  public async run(): Promise<TicketListResult> {
    const { flags } = await this.parse(Tickets);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { listTickets } = await import('@fastintercom/core/queries');
    const { renderTicketList } = await import('../format/ticket-report.js');
    const result = listTickets(database, {
      state: flags.state,
      type: flags.type,
      category: flags.category,
      open: flags.open,
      contactId: flags.contact,
      limit: flags.limit,
    });
    this.log(renderTicketList(result.tickets));
    if (result.total > result.tickets.length)
      this.log(`\n${result.tickets.length} of ${result.total} shown: add --limit for more.`);
    return result;
  }
}
