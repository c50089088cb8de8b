import { z } from 'zod';

/** A contact or admin as core's PersonRef prints it. */
export const personRefJson = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

/** A ticket as core's TicketSummary prints it: `fic ticket`, the hits of `fic tickets`, a company's tickets. */
export const ticketSummaryJson = z.strictObject({
  id: z.string(),
  ticket_number: z.string().nullable(),
  category: z.string(),
  type: z.strictObject({
    id: z.string(),
    name: z.string(),
  }),
  state: z.strictObject({
    category: z.string(),
    internal_label: z.string().nullable(),
    external_label: z.string().nullable(),
  }),
  title: z.string().nullable(),
  open: z.boolean(),
  customer: personRefJson.nullable(),
  created_at: z.string(),
  created_at_unix: z.number(),
  updated_at: z.string(),
  updated_at_unix: z.number(),
});
