import * as Flags from '@oclif/core/flags';
import type { RecentConversationsResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { conversationFilterFlags, toConversationFilters } from '../conversation-filter-flags.js';

export default class Recent extends BaseCommand {
  static override summary = 'The conversations with the most recent activity.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --state open --team Billing --limit 50',
    '<%= config.bin %> <%= command.id %> --since 24h --json',
  ];

  static override flags = {
    ...conversationFilterFlags,
    limit: Flags.integer({
      char: 'n',
      summary: 'Most conversations (default 20, at most 100).',
      min: 1,
      max: 100,
    }),
  };

  public async run(): Promise<RecentConversationsResult> {
    const { flags } = await this.parse(Recent);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { getRecentConversations } = await import('@fastintercom/core/queries');
    const { renderRecentConversations } = await import('../format/conversation-tables.js');
    const result = getRecentConversations(database, {
      ...toConversationFilters(flags),
      limit: flags.limit,
      cursor: flags.cursor,
    });
    this.log(renderRecentConversations(result.conversations));
    if (result.nextCursor !== null) this.log(`\nMore: add --cursor ${result.nextCursor}`);
    return result;
  }
}
