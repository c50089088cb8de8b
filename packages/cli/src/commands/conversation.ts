import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { ConversationDetail } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';

export default class Conversation extends BaseCommand {
  static override summary = 'One conversation: its details and the whole thread, oldest first.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 123456789',
    '<%= config.bin %> <%= command.id %> 123456789 --no-notes --max-parts 20',
    '<%= config.bin %> <%= command.id %> 123456789 --json',
  ];

  static override args = {
    id: Args.string({ required: true, description: 'The Intercom conversation id.' }),
  };

  static override flags = {
    notes: Flags.boolean({
      summary: 'Include internal notes (--no-notes to leave them out).',
      default: true,
      allowNo: true,
    }),
    'max-parts': Flags.integer({
      summary: 'Most parts shown; the middle of a longer thread is cut (default 50, at most 500).',
      min: 1,
      max: 500,
    }),
  };

  public async run(): Promise<ConversationDetail> {
    const { args, flags } = await this.parse(Conversation);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getConversation } = await import('@fastintercom/core/queries');
    const { renderConversation } = await import('../format/conversation-transcript.js');
    const detail = getConversation(database, {
      id: args.id,
      includeNotes: flags.notes,
      maxParts: flags['max-parts'],
    });
    this.log(renderConversation(detail));
    return detail;
  }
}
