import { z } from 'zod';

/** What `fic verify --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const verifyJson = z.strictObject({
  db_path: z.string(),
  ok: z.boolean(),
  checks: z.array(
    z.strictObject({
      name: z.string(),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
});
