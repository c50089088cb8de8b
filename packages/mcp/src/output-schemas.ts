import { z } from 'zod';

/**
 * Output pieces several tools share, in snake_case. Tools check at compile time that core's results
 * (snake-cased) fit them, and parse every answer through them, so clients get exactly these fields.
 */

export const isoTime = z.string().describe('ISO 8601 UTC');

export const personRef = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const teamRef = z.object({ id: z.string(), name: z.string().nullable() });

export const tagRef = z.object({ id: z.string(), name: z.string() });

export const rating = z.object({
  value: z.number(),
  remark: z.string().nullable(),
  created_at: isoTime.nullable(),
  teammate: personRef.nullable(),
});

export const truncated = z
  .boolean()
  .describe('True when this answer was cut to stay small (more pages, parts or text exist)');

export const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as cursor to get the next page; null on the last page');

export const transcriptUri = z
  .string()
  .describe('intercom://conversation/{id}: the full transcript as Markdown (read it as a resource)');
