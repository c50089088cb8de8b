import { searchConversations } from '@fastintercom/core/queries';
import { z } from 'zod';
import { conversationFilters, cursor, limit, toConversationFilters } from '../input-fields.js';
import { isoTime, nextCursor, truncated } from '../output-schemas.js';
import { toSnakeCase } from '../snake-case.js';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .describe(
      'Words to find in subjects and messages (all must occur; stemmed). "double quotes" for a phrase, refund* for a prefix (at least 3 letters before the *)',
    ),
  ...conversationFilters,
  limit: limit(10, 50),
  cursor,
});

const output = z.object({
  match_expression: z.string().describe('The full-text expression the words became'),
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
      score: z.number().describe('Relevance, higher is better'),
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
      'best match first, with a snippet per hit. Narrow with state, since/until, customer_email, admin_assignee, ' +
      'team_assignee or tag. Use get_conversation or get_conversation_summary on a hit id to read it; pass ' +
      'next_cursor as cursor for more hits.',
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
      return { structured: { ...toSnakeCase(result), truncated: result.nextCursor !== null } };
    },
  });
}
