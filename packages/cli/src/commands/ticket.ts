import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { TicketDetail } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';

export default class Ticket extends BaseCommand {
  static override summary = 'One ticket: type, state, attributes and the whole thread, oldest first.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 633',
    '<%= config.bin %> <%= command.id %> "#40" --no-notes',
    '<%= config.bin %> <%= command.id %> 633 --json',
  ];

  static override args = {
    id: Args.string({ required: true, description: 'The Intercom ticket id, or the Inbox number (#40).' }),
  };

  static override flags = {
    notes: Flags.boolean({
      summary: 'Include internal notes (--no-notes to leave them out).',
      default: true,
      allowNo: true,
    }),
    'max-parts': Flags.integer({
      summary: 'Most parts shown, oldest first (default 50, at most 500).',
      min: 1,
      max: 500,
    }),
    from: Flags.integer({ summary: 'Show the thread from this part position on.', min: 0 }),
  };

  public async run(): Promise<TicketDetail> {
    const { args, flags } = await this.parse(Ticket);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getTicket } = await import('@fastintercom/core/queries');
    const { renderTicket } = await import('../format/ticket-report.js');
    const detail = getTicket(database, {
      id: args.id,
      includeNotes: flags.notes,
      maxParts: flags['max-parts'],
      fromPosition: flags.from,
    });
    this.log(renderTicket(detail));
    return detail;
  }
}
