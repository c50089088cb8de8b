import { z } from 'zod';
import { ticketSummaryJson } from './ticket-summary.js';

/** What `fic tickets --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const ticketsJson = z.strictObject({
  hits: z.array(
    ticketSummaryJson.extend({
      snippet: z.string(),
      all_terms: z.boolean(),
    }),
  ),
  note: z.string(),
  next_cursor: z.string().nullable(),
});
