import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { SearchConversationsResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { conversationFilterFlags, toConversationFilters } from '../conversation-filter-flags.js';

export default class Search extends BaseCommand {
  static override summary = 'Full-text search over every synced conversation: subjects and all messages.';
  static override description =
    'All words must occur (stemmed, accents ignored); "double quotes" make an exact phrase, a trailing * a prefix (refund*: at least 3 letters, and not one that stands for most of the index). Best matches first. A search stops after 200 ms, naming the term that made it slow.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> refund',
    '<%= config.bin %> <%= command.id %> \'"credit card" declined\' --state open --since 7d',
    '<%= config.bin %> <%= command.id %> invoice --customer ada@example.com --json',
  ];

  static override args = {
    query: Args.string({ required: true, description: 'Words to find (quote several words).' }),
  };

  static override flags = {
    ...conversationFilterFlags,
    limit: Flags.integer({ char: 'n', summary: 'Most results (default 10, at most 50).', min: 1, max: 50 }),
  };

  public async run(): Promise<SearchConversationsResult> {
    const { args, flags } = await this.parse(Search);
    const { database } = await this.openConfiguredDatabase(flags.db);
    const { searchConversations } = await import('@fastintercom/core/queries');
    const { renderSearchHits } = await import('../format/conversation-tables.js');
    const result = searchConversations(database, {
      ...toConversationFilters(flags),
      query: args.query,
      limit: flags.limit,
      cursor: flags.cursor,
    });
    this.log(renderSearchHits(result.hits));
    if (result.nextCursor !== null) this.log(`\nMore: add --cursor ${result.nextCursor}`);
    return result;
  }
}
