import { z } from 'zod';

/** A sync run as core's SyncRunInfo prints it. */
const syncRunJson = z.strictObject({
  id: z.number(),
  status: z.string(),
  mode: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number(),
  conversations_synced: z.number(),
  parts_synced: z.number(),
  api_requests: z.number(),
  error: z.strictObject({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  pid: z.number(),
});

/** What `fic status --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const statusJson = z.strictObject({
  database: z.strictObject({
    path: z.string(),
    size_bytes: z.number(),
  }),
  empty: z.boolean(),
  counts: z.strictObject({
    conversations: z.number(),
    parts: z.number(),
    contacts: z.number(),
    admins: z.number(),
    teams: z.number(),
    tags: z.number(),
  }),
  last_sync: syncRunJson
    .extend({
      conversations_seen: z.number(),
      contacts_synced: z.number(),
      retries: z.number(),
      rate_limited: z.number(),
      errors: z.number().nullable(),
      error_rate: z.number().nullable(),
      conversations_per_second: z.number(),
      peak_rss_mb: z.number(),
    })
    .nullable(),
  last_successful_sync: syncRunJson.nullable(),
  running_sync: z.record(z.string(), z.unknown()).nullable(),
  data_age_seconds: z.number().nullable(),
  coverage: z.strictObject({
    oldest_created_at: z.string().nullable(),
    newest_created_at: z.string().nullable(),
    newest_updated_at: z.string().nullable(),
  }),
  checkpoint: z.strictObject({
    updated_at: z.string(),
    id: z.string(),
  }),
  next_background_sync_at: z.string().nullable(),
  fidelity: z.strictObject({
    deletions: z.strictObject({
      total: z.number(),
      last_removed_at: z.string().nullable(),
    }),
    outstanding_failures: z.strictObject({
      conversations: z.number(),
      contacts: z.number(),
      examples: z.array(
        z.strictObject({
          kind: z.string(),
          id: z.string(),
          error_code: z.string(),
          error_message: z.string(),
          attempts: z.number(),
          first_seen_at: z.string(),
          last_seen_at: z.string(),
        }),
      ),
    }),
    missing_permissions: z.array(
      z.strictObject({ permission: z.string(), endpoint: z.string(), effect: z.string() }),
    ),
    dense_seconds: z
      .strictObject({ count: z.number(), latest: z.string().nullable(), cursor_fallback: z.boolean() })
      .nullable(),
    last_reconciled_at: z.string().nullable(),
  }),
  sync_in_progress: z
    .strictObject({
      pid: z.number(),
      host: z.string(),
      started_at: z.string(),
      run: z.record(z.string(), z.unknown()).nullable(),
    })
    .nullable(),
  stale_sync_lock: z
    .strictObject({ path: z.string(), pid: z.number().nullable(), reason: z.string() })
    .nullable(),
  integrity: z.strictObject({
    checked: z.boolean(),
    ok: z.boolean().nullable(),
    problems: z.array(z.string()),
    detail: z.string(),
  }),
  health: z.strictObject({
    ok: z.boolean().nullable(),
    problems: z.array(z.string()),
    stale_after_seconds: z.number(),
  }),
});
