import { z } from 'zod';

/** What `fic sync --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const syncJson = z.strictObject({
  status: z.string(),
  run_id: z.number(),
  conversations_seen: z.number(),
  conversations_synced: z.number(),
  conversations_missing: z.number(),
  conversations_deleted: z.number(),
  conversations_failed: z.number(),
  outstanding_failures: z.number(),
  parts_synced: z.number(),
  contacts_synced: z.number(),
  contacts_refreshed: z.number(),
  api_requests: z.number(),
  retries: z.number(),
  rate_limited_responses: z.number(),
  duration_ms: z.number(),
  peak_rss_mb: z.number(),
  checkpoint: z.strictObject({
    updated_at: z.string(),
    id: z.string(),
  }),
  reconcile: z
    .strictObject({
      from: z.number(),
      listed: z.number(),
      listing_requests: z.number(),
      checked: z.number(),
    })
    .nullable(),
  missing_permissions: z.array(
    z.strictObject({ permission: z.string(), endpoint: z.string(), effect: z.string() }),
  ),
  dense_seconds: z.record(z.string(), z.unknown()).nullable(),
  tickets: z.strictObject({
    listed: z.number(),
    synced: z.number(),
    deleted: z.number(),
    failed: z.number(),
    outstanding_failures: z.number(),
    checkpoint: z.strictObject({
      updated_at: z.string(),
      id: z.string(),
    }),
    dense_seconds: z.number(),
    missing: z.strictObject({ permission: z.string(), endpoint: z.string(), effect: z.string() }).nullable(),
    unavailable: z.boolean(),
  }),
  companies: z.strictObject({
    relisted: z.boolean(),
    listed: z.number(),
    fetched: z.number(),
    confirmed: z.number(),
    removed: z.number(),
    complete: z.boolean(),
    missing: z.strictObject({ permission: z.string(), endpoint: z.string(), effect: z.string() }).nullable(),
    unavailable: z.boolean(),
  }),
  mode: z.string(),
  db_path: z.string(),
});
