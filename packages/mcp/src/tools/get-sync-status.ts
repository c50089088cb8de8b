import {
  assessSyncHealth,
  describeSyncHealthProblem,
  getLastSyncRun,
  getSyncStatus,
  isFicError,
} from '@fastintercom/core/read';
import type { SyncHealth, SyncStatusResult } from '@fastintercom/core';
import { z } from 'zod';
import { isoTime } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import { presentJob, syncJobOutput } from '../sync-job-output.js';
import type { SyncJob } from '../sync-jobs.js';
import type { ToolContext } from '../tool-context.js';
import { ToolError } from '../tool-results.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

const input = z.strictObject({
  job_id: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('A job id from sync_conversations; default the running or latest job'),
});

const count = z.number();
const runInfo = z.object({
  id: count,
  status: z.string(),
  mode: z.string(),
  started_at: isoTime,
  finished_at: isoTime.nullable(),
  duration_ms: count.nullable(),
  conversations_synced: count,
  parts_synced: count,
  api_requests: count,
  error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  pid: count,
});

const output = z.object({
  database_path: z.string(),
  database: z
    .object({
      empty: z.boolean().describe('True when nothing is synced yet'),
      counts: z.object({
        conversations: count,
        parts: count,
        contacts: count,
        admins: count,
        teams: count,
        tags: count,
      }),
      last_sync: runInfo.nullable(),
      last_successful_sync: runInfo.nullable(),
      running_sync: runInfo.nullable().describe('A sync writing now (this server or fic sync)'),
      data_age_seconds: count.nullable().describe('Since the last successful sync ended'),
      coverage: z.object({
        oldest_created_at: isoTime.nullable(),
        newest_created_at: isoTime.nullable(),
        newest_updated_at: isoTime.nullable(),
      }),
      checkpoint: z.object({ updated_at: isoTime, id: z.string() }).nullable(),
      next_background_sync_at: isoTime.nullable(),
      fidelity: z
        .object({
          deletions: z.object({ total: count, last_removed_at: isoTime.nullable() }),
          outstanding_failures: z.object({
            conversations: count,
            contacts: count,
            examples: z.array(
              z.object({
                kind: z.string(),
                id: z.string(),
                error_code: z.string(),
                error_message: z.string(),
                attempts: count,
                first_seen_at: isoTime,
                last_seen_at: isoTime,
              }),
            ),
          }),
          missing_permissions: z.array(
            z.object({ permission: z.string(), endpoint: z.string(), effect: z.string() }),
          ),
          dense_seconds: z
            .object({ count, latest: isoTime.nullable(), cursor_fallback: z.boolean() })
            .nullable(),
          last_reconciled_at: isoTime.nullable(),
        })
        .describe(
          'How true the copy is: deletions applied, fetches still failing (retried by every sync), permissions the token lacks',
        ),
    })
    .nullable()
    .describe('Null when there is no database file yet'),
  health: z
    .object({
      ok: z.boolean(),
      stale: z.boolean().describe('Older than three sync intervals, or never synced'),
      stale_after_seconds: count,
      error_rate: count.nullable().describe("The last sync's errors per API request, 0..1"),
      problems: z
        .array(z.object({ code: z.string(), message: z.string() }))
        .describe('What is wrong with the copy (the same as fic status --check), worst first'),
    })
    .nullable()
    .describe('Null when there is no database file yet'),
  job: syncJobOutput.nullable().describe("The asked-for job, else this server's running or latest one"),
  background_sync: z.object({
    enabled: z.boolean(),
    interval_minutes: z.number(),
    next_run_at: isoTime.nullable(),
  }),
  message: z.string().describe('The state in one line, with what to do next'),
});

/** The structured answer of the tool, as clients receive it. */
export type GetSyncStatusOutput = z.output<typeof output>;

export function registerGetSyncStatusTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_sync_status',
    title: 'Sync status',
    description:
      'How fresh and complete the local copy is: counts, last and running syncs, data age, coverage, the ' +
      'background schedule, and a sync job started by sync_conversations (pass its job_id). Check it when ' +
      'answers look stale or empty.',
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args) {
      const job = selectJob(context, args.job_id);
      const nextRunAt = context.background?.nextRunAt ?? null;
      const read = await readStatus(context, nextRunAt);
      const status = read?.status ?? null;
      const health = read?.health ?? null;
      return {
        structured: {
          database_path: context.database.path,
          database: status === null ? null : toSnakeCase(status),
          health:
            health === null
              ? null
              : {
                  ok: health.ok,
                  stale: health.stale,
                  stale_after_seconds: health.staleAfterSeconds,
                  error_rate: health.errorRate,
                  problems: health.problems.map((problem) => ({
                    code: problem.code,
                    message: describeSyncHealthProblem(problem, syncRemedy),
                  })),
                },
          job: job === undefined ? null : presentJob(job),
          background_sync: {
            enabled: context.background !== undefined,
            interval_minutes: context.config.syncIntervalMinutes,
            next_run_at: nextRunAt === null ? null : new Date(nextRunAt).toISOString(),
          },
          message: describe(context, status, health, job),
        },
      };
    },
  });
}

function selectJob(context: ToolContext, id: string | undefined): SyncJob | undefined {
  if (id === undefined) return context.jobs.running() ?? context.jobs.latest();
  const job = context.jobs.get(id);
  if (job === undefined) {
    throw new ToolError(
      `Unknown job id '${id}': jobs live only while the server runs; call get_sync_status without job_id.`,
    );
  }
  return job;
}

/** The database's status, or null while there is no database yet (not an error: this tool says so). */
async function readStatus(
  context: ToolContext,
  nextRunAtMs: number | null,
): Promise<{ status: SyncStatusResult; health: SyncHealth } | null> {
  try {
    const database = await context.database.get();
    const status = getSyncStatus(database, {
      now: context.nowSeconds(),
      nextBackgroundSyncAt: nextRunAtMs === null ? null : Math.floor(nextRunAtMs / 1000),
    });
    const health = assessSyncHealth(status, getLastSyncRun(database), context.config.syncIntervalMinutes);
    return { status, health };
  } catch (error) {
    if (isFicError(error) && error.code === 'empty_database') return null;
    throw error;
  }
}

/** How a model syncs: its own tool (the user's fic sync works too). */
const syncRemedy = 'call sync_conversations (or ask the user to run fic sync)';

function describe(
  context: ToolContext,
  status: SyncStatusResult | null,
  health: SyncHealth | null,
  job: SyncJob | undefined,
): string {
  if (job?.status === 'running')
    return `Sync job ${job.id} is running; call get_sync_status again to follow it.`;
  if (status === null || status.empty) {
    const where = `No conversations synced yet at ${context.database.path}`;
    return context.config.accessToken === undefined
      ? `${where}: sync_conversations cannot run without a token; the user must set INTERCOM_ACCESS_TOKEN (or run fic init), then call sync_conversations.`
      : `${where}: ${syncRemedy}.`;
  }
  if (status.runningSync !== null)
    return `A sync (pid ${status.runningSync.pid}) is writing the database now.`;
  const age =
    status.dataAgeSeconds === null ? 'unknown age' : `${Math.round(status.dataAgeSeconds / 60)} min old`;
  const notes = (health?.problems ?? []).map((problem) => describeSyncHealthProblem(problem, syncRemedy));
  for (const missing of status.fidelity.missingPermissions) {
    notes.push(`the token lacks "${missing.permission}" (the user must grant it): ${missing.effect}`);
  }
  const tail = notes.length === 0 ? '' : ` Problems: ${notes.join(' ')}`;
  return `${status.counts.conversations} conversations, data ${age}.${tail}`;
}
