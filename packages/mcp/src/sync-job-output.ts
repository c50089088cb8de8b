import { z } from 'zod';
import { isoTime } from './output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { SyncJob } from './sync-jobs.js';

const count = z.number();
const failure = z.object({ code: z.string(), message: z.string() });

/** A sync job as sync_conversations and get_sync_status report it. */
export const syncJobOutput = z.object({
  job_id: z.string(),
  trigger: z.enum(['tool', 'background']),
  mode: z.enum(['incremental', 'full', 'window']),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  started_at: isoTime,
  finished_at: isoTime.nullable(),
  progress: z
    .object({
      phase: z.enum(['metadata', 'deletions', 'conversations', 'contacts', 'tickets', 'companies', 'done']),
      pages_fetched: count,
      total_count: count.nullable(),
      conversations_seen: count,
      conversations_queued: count,
      conversations_fetched: count,
      conversations_written: count,
      parts_written: count,
      api_requests: count,
      retries: count,
      rate_limited: count,
      conversations_per_second: z.number(),
      eta_seconds: z.number().nullable(),
    })
    .nullable()
    .describe('The latest progress; null before the first'),
  result: z
    .object({
      status: z.enum(['succeeded', 'partial', 'failed']),
      run_id: count,
      conversations_seen: count,
      conversations_synced: count,
      parts_synced: count,
      contacts_synced: count,
      api_requests: count,
      retries: count,
      rate_limited_responses: count,
      duration_ms: count,
      peak_rss_mb: z.number(),
      checkpoint: z.object({ updated_at: z.number(), id: z.string() }).nullable(),
      error: failure.optional(),
    })
    .nullable()
    .describe('Set when the job has ended'),
  error: failure.nullable().describe('Why the job failed'),
});

export type SyncJobOutput = z.input<typeof syncJobOutput>;

export function presentJob(job: SyncJob): SyncJobOutput {
  const { id, ...rest } = job;
  return { job_id: id, ...toSnakeCase(rest) };
}
