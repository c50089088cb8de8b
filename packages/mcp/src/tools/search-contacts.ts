import { searchContacts } from '@fastintercom/core/queries';
import { z } from 'zod';
import { limit } from '../input-fields.js';
import { isoTime, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      "Part of a contact's name, email (or its domain, 'acme.com') or company name; case-insensitive",
    ),
  limit: limit(10, 50),
});

const output = z.object({
  contacts: z.array(
    z.object({
      id: z.string().describe('The contact id: pass it to get_customer_context as contact_id'),
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: z.string().nullable().describe('user or lead'),
      companies: z.array(z.string()),
      matched_on: z.enum(['email', 'name', 'company']),
      conversation_count: z.number(),
      ticket_count: z.number().nullable().describe('Null on a copy synced before fic kept tickets'),
      last_conversation_at: isoTime.nullable(),
      gone: z.boolean().describe('Deleted or merged in Intercom since it was synced'),
    }),
  ),
  truncated,
});

/** The structured answer of the tool, as clients receive it. */
export type SearchContactsOutput = z.output<typeof output>;

export function registerSearchContactsTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'search_contacts',
    title: 'Search contacts',
    description:
      'Find customers (contacts) by part of their name, email or email domain, or their company name, best ' +
      'match first (exact email, then email, name, company), each with how many conversations and tickets ' +
      'they have. Use it when you know who but not their exact email; then get_customer_context with the ' +
      "contact's id, or search_conversations / get_recent_conversations with customer_email.",
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = searchContacts(database, { query: args.query, limit: args.limit });
      return { structured: { contacts: toSnakeCase(result.contacts), truncated: result.more } };
    },
  });
}
