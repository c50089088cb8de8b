import { getRecentConversations } from '@fastintercom/core/queries';
import { z } from 'zod';
import { conversationListFields, withConversationListFields } from '../conversation-list-fields.js';
import { conversationFilters, cursor, limit, toConversationFilters } from '../input-fields.js';
import { isoTime, nextCursor, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({ ...conversationFilters, limit: limit(20, 50), cursor });

const nullableString = z.string().nullable();

const output = z.object({
  conversations: z.array(
    z.object({
      id: z.string(),
      subject: nullableString,
      state: z.string(),
      customer_email: nullableString,
      customer_name: nullableString,
      admin_assignee_name: nullableString,
      team_assignee_name: nullableString,
      created_at: isoTime,
      updated_at: isoTime,
      updated_at_unix: z.number(),
      waiting_since: isoTime.nullable().describe('Since when the customer waits for a reply'),
      ...conversationListFields,
    }),
  ),
  next_cursor: nextCursor,
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type GetRecentConversationsOutput = z.output<typeof output>;

export function registerGetRecentConversationsTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_recent_conversations',
    title: 'Recent conversations',
    description:
      'Conversations by latest activity, newest first: what came in or changed lately. Filter by state ' +
      "(e.g. 'open'), since/until (e.g. since '24h'), customer_email, admin_assignee, team_assignee or tag. " +
      'Pass next_cursor as cursor for the next page. To find conversations by content, use search_conversations.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = getRecentConversations(database, {
        ...toConversationFilters(args, context.nowSeconds()),
        limit: args.limit,
        cursor: args.cursor,
      });
      const answer = toSnakeCase(result);
      const conversations = withConversationListFields(database, await context.links(), answer.conversations);
      return { structured: { ...answer, conversations, truncated: result.nextCursor !== null } };
    },
  });
}
