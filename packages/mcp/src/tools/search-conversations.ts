import { searchConversations } from '@fastintercom/core/queries';
import { z } from 'zod';
import { conversationListFields, withConversationListFields } from '../conversation-list-fields.js';
import { conversationFilters, cursor, limit, toConversationFilters } from '../input-fields.js';
import { isoTime, nextCursor, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({
  query: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .describe(
      'Words to find in subjects and messages, e.g. `refund double charge` or a question as a person would ask it. ' +
        'Words are matched with OR and ranked (conversations holding all of them first, rarer words weigh more); ' +
        'stopwords are ignored; stemmed, accents ignored. "double quotes" for a phrase, refund* for a prefix ' +
        '(3+ letters), -word or NOT word to exclude, a OR b for alternatives, a AND b to require both. ' +
        'Leave out to list the newest conversations matching the filters.',
    ),
  ...conversationFilters,
  limit: limit(10, 50),
  cursor,
});

const output = z.object({
  match_expression: z.string().describe("The full-text expression the words became ('' without a query)"),
  order: z
    .enum(['relevance', 'recency'])
    .describe('relevance, or recency when too many conversations match to rank (or without a query)'),
  widened: z
    .boolean()
    .describe('The words were ORed: hits may hold only some of them (those holding all come first)'),
  all_terms_matches: z
    .number()
    .nullable()
    .describe('When widened: conversations (after filters) holding every word, counted up to 1000'),
  ignored_words: z.array(z.string()).describe('Stopwords the query dropped'),
  ranked_only: z
    .array(z.string())
    .describe('Words too common to widen the search: they order hits without adding any'),
  note: z.string().describe('What the search did with the query; read it before rephrasing'),
  hits: z.array(
    z.object({
      id: z.string(),
      subject: z.string().nullable(),
      state: z.string(),
      snippet: z.string().describe('Best matching fragment, matches in **bold**'),
      customer_email: z.string().nullable(),
      customer_name: z.string().nullable(),
      created_at: isoTime,
      updated_at: isoTime,
      score: z
        .number()
        .nullable()
        .describe('Relevance, higher is better; null when order is "recency" or no query was given'),
      all_terms: z.boolean().describe('The conversation holds every word of the query'),
      ...conversationListFields,
    }),
  ),
  next_cursor: nextCursor,
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type SearchConversationsOutput = z.output<typeof output>;

export function registerSearchConversationsTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'search_conversations',
    title: 'Search conversations',
    description:
      'Full-text search over every synced Intercom conversation (subjects, customer messages, replies, notes), ' +
      'best match first, with a snippet per hit marking the words it holds. Phrase the query as the words the ' +
      'conversations would contain (`refund double charge`, `password reset email`); a question works too, ' +
      'since stopwords are dropped and the words are ORed and ranked (all words first, then more and rarer ' +
      'words). Matching is lexical: it does not know that "money back" means refund or "sign in" means log ' +
      'in, so try the synonyms customers use. The answer says in `note`, `widened` and `all_terms_matches` ' +
      'whether hits hold every word. Narrow with state, since/until, customer_email, admin_assignee, ' +
      'team_assignee or tag; with filters and no query, the newest matching conversations. Use ' +
      'get_conversation or get_conversation_summary on a hit id to read it; pass next_cursor as cursor for ' +
      'more hits. Tickets have their own search with the same rules: search_tickets.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const now = context.nowSeconds();
      const result = searchConversations(database, {
        ...toConversationFilters(args, now),
        query: args.query,
        limit: args.limit,
        cursor: args.cursor,
      });
      const answer = toSnakeCase(result);
      const hits = withConversationListFields(database, await context.links(), answer.hits);
      return { structured: { ...answer, hits, truncated: result.nextCursor !== null } };
    },
  });
}
