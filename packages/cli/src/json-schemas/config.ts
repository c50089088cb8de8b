import { z } from 'zod';

/** What `fic config --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const configJson = z.strictObject({
  config_path: z.string(),
  settings: z.array(
    z.strictObject({
      key: z.string(),
      value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
      source: z.string(),
    }),
  ),
});
