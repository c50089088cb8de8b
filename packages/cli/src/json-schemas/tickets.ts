import { z } from 'zod';

/** What `fic tickets --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const ticketsJson = z.strictObject({
  hits: z.array(
    z.strictObject({
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
      customer: z
        .strictObject({
          id: z.string(),
          name: z.string().nullable(),
          email: z.string().nullable(),
        })
        .nullable(),
      created_at: z.string(),
      created_at_unix: z.number(),
      updated_at: z.string(),
      updated_at_unix: z.number(),
      snippet: z.string(),
      all_terms: z.boolean(),
    }),
  ),
  note: z.string(),
  next_cursor: z.string().nullable(),
});
