import { z } from 'zod';
import { isoTime, personRef } from './output-schemas.js';

/** Ticket pieces get_ticket, get_company_context and get_customer_context share, in snake_case. */

const nullableString = z.string().nullable();

export const ticketSummary = z.object({
  id: z.string().describe('Intercom ticket id (what get_ticket takes)'),
  ticket_number: nullableString.describe('The number the Inbox shows (#40)'),
  category: nullableString.describe('Customer, Back-office or Tracker'),
  type: z.object({ id: z.string(), name: nullableString }).nullable(),
  state: z.object({
    category: nullableString.describe('submitted, in_progress, waiting_on_customer or resolved'),
    internal_label: nullableString,
    external_label: nullableString,
  }),
  title: nullableString,
  open: z.boolean(),
  customer: personRef.nullable(),
  created_at: isoTime,
  created_at_unix: z.number(),
  updated_at: isoTime,
  updated_at_unix: z.number(),
});
