import { searchTickets } from '@fastintercom/core/queries';
import { z } from 'zod';
import { intercomUrl } from '../conversation-list-fields.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import { ticketSummary } from '../ticket-output-schemas.js';
import type { ToolContext } from '../tool-context.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const text = z.string().trim().min(1);

const input = z.strictObject({
  query: text
    .max(1000)
    .optional()
    .describe(
      'Words to find in ticket titles, descriptions and replies, read as search_conversations reads them: ' +
        'ORed and ranked (tickets holding every word first), stopwords dropped, "a phrase", prefix*, -word, a OR b, a AND b. ' +
        'Leave out to list the most recently updated tickets the filters keep',
    ),
  state: text
    .optional()
    .describe('submitted, in_progress, waiting_on_customer or resolved, or a state label of the workspace'),
  type: text.optional().describe('A ticket type, by name or id'),
  category: text.optional().describe('Customer, Back-office or Tracker'),
  open: z.boolean().optional().describe('true: open tickets only; false: closed ones only'),
  customer_email: text.optional().describe('Only tickets with a contact of this email (case-insensitive)'),
  contact_id: text.optional().describe("Only this contact's tickets (Intercom contact id)"),
  limit: z.number().int().min(1).max(50).optional().describe('Most tickets (default 10, at most 50)'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('next_cursor from a previous answer (same query and filters)'),
});

const output = z.object({
  hits: z.array(
    ticketSummary.extend({
      snippet: z
        .string()
        .describe('Best matching fragment, matched words in **bold**; empty without a query'),
      all_terms: z.boolean().describe('Whether the ticket holds every word of the query'),
      intercom_url: intercomUrl,
    }),
  ),
  note: z.string().describe('What the search did with the words (widened, ignored words...)'),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null when none'),
});

export type SearchTicketsOutput = z.output<typeof output>;

export function registerSearchTicketsTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'search_tickets',
    title: 'Search tickets',
    description:
      'Full-text search over every synced ticket (customer, back-office and tracker): titles, descriptions and ' +
      'every reply, with the same query rules and ranking as search_conversations, plus ticket filters ' +
      '(state, type, category, open, customer). Without a query it lists the most recently updated matching ' +
      'tickets. get_ticket reads one whole.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const database = await context.database.get();
      const result = searchTickets(database, {
        query: args.query,
        state: args.state,
        type: args.type,
        category: args.category,
        open: args.open,
        customerEmail: args.customer_email,
        contactId: args.contact_id,
        limit: args.limit,
        cursor: args.cursor,
      });
      const answer = toSnakeCase(result);
      const links = await context.links();
      const hits = answer.hits.map((hit) => ({ ...hit, intercom_url: links.conversation(hit.id) }));
      return { structured: { ...answer, hits } };
    },
  });
}
