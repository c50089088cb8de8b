import { z } from 'zod';

/** What `fic token list --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const tokenListJson = z.array(
  z.strictObject({
    name: z.string(),
    scope: z.string(),
    status: z.string(),
    created_at: z.string(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  }),
);
