import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { SearchConversationsResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { conversationFilterFlags, toConversationFilters } from '../conversation-filter-flags.js';

export default class Search extends BaseCommand {
  static override summary = 'Full-text search over every synced conversation: subjects and all messages.';
  static override description =
    'Words are matched with OR and ranked: conversations holding all of them first, then those holding more, and rarer, of them (bm25; stemmed, accents ignored; stopwords like "the" or "how" ignored), newest first among equals. "double quotes" make an exact phrase, a trailing * a prefix (refund*: at least 3 letters, and not one that stands for most of the index), -word or NOT word excludes, a OR b joins alternatives, a AND b requires both. Matching is lexical: "money back" does not find "refund". Without a query, the filters alone list the newest matches. A search stops after 200 ms, naming the term that made it slow.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> refund',
    '<%= config.bin %> <%= command.id %> \'"credit card" declined\' --state open --since 7d',
    '<%= config.bin %> <%= command.id %> invoice --customer ada@example.com --json',
    '<%= config.bin %> <%= command.id %> "cannot log in after password reset" -- -sso',
    '<%= config.bin %> <%= command.id %> --state open --tag vip',
  ];

  static override args = {
    query: Args.string({
      required: false,
      description:
        'Words to find (quote several words); leave out to list the newest matches of the filters.',
    }),
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
    // Said only when the search did something a reader would not assume from the words.
    const told =
      result.widened ||
      result.ignoredWords.length > 0 ||
      result.rankedOnly.length > 0 ||
      result.order === 'recency';
    if (told) this.log(`\n${result.note}`);
    if (result.nextCursor !== null) this.log(`\nMore: add --cursor ${result.nextCursor}`);
    return result;
  }
}
