import { z } from 'zod';

/** What `fic rebuild --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const rebuildJson = z.strictObject({
  db_path: z.string(),
  rebuilt: z.strictObject({
    conversation: z.number(),
    contact: z.number(),
    company: z.number(),
    ticket: z.number(),
  }),
  without_payload: z.strictObject({
    conversations: z.number(),
    contacts: z.number(),
  }),
});
