import { z } from 'zod';

/** What `fic token create --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const tokenCreateJson = z.strictObject({
  name: z.string(),
  scope: z.string(),
  token: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
});
