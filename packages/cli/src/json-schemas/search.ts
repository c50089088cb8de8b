import { z } from 'zod';

/** What `fic search --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const searchJson = z.strictObject({
  match_expression: z.string(),
  order: z.string(),
  widened: z.boolean(),
  all_terms_matches: z.number().nullable(),
  ignored_words: z.array(z.string()),
  ranked_only: z.array(z.string()),
  note: z.string(),
  hits: z.array(
    z.strictObject({
      id: z.string().optional(),
      subject: z.string().optional(),
      state: z.string().optional(),
      customer_email: z.string().nullable().optional(),
      customer_name: z.string().nullable().optional(),
      created_at: z.string().optional(),
      updated_at: z.string().optional(),
      snippet: z.string().optional(),
      score: z.number().nullable().optional(),
      all_terms: z.boolean().optional(),
    }),
  ),
  next_cursor: z.string().nullable(),
});
