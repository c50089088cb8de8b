import { z } from 'zod';

/** What `fic token revoke --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const tokenRevokeJson = z.strictObject({ name: z.string(), revoked_at: z.string() });
