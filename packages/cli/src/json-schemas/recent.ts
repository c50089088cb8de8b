import { z } from 'zod';

/** What `fic recent --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const recentJson = z.strictObject({
  conversations: z.array(
    z.strictObject({
      id: z.string(),
      subject: z.string().nullable(),
      state: z.string(),
      customer_email: z.string().nullable(),
      customer_name: z.string().nullable(),
      created_at: z.string(),
      updated_at: z.string(),
      admin_assignee_name: z.string().nullable(),
      team_assignee_name: z.string().nullable(),
      updated_at_unix: z.number(),
      waiting_since: z.string().nullable(),
    }),
  ),
  next_cursor: z.string().nullable(),
});
