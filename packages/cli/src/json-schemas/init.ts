import { z } from 'zod';

/** What `fic init --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const initJson = z.strictObject({
  config_path: z.string(),
  workspace: z
    .strictObject({
      id: z.string(),
      name: z.string(),
    })
    .nullable(),
  admin: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      email: z.string(),
    })
    .nullable(),
  api_url: z.string(),
  db_path: z.string(),
  token_from: z.string(),
  permissions: z.array(
    z.strictObject({
      endpoint: z.string(),
      permission: z.string(),
      ok: z.boolean(),
      effect: z.string(),
      message: z.string().nullable(),
    }),
  ),
});
