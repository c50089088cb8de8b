import { z } from 'zod';

/** Core's PerformanceMetrics as JSON: what fic team prints per group and in total, and fic company too. */
export const performanceMetricsJson = z.strictObject({
  assigned: z.number(),
  closed: z.number(),
  first_response: z.strictObject({
    count: z.number(),
    median_seconds: z.number().nullable(),
    p90_seconds: z.number().nullable(),
  }),
  time_to_close: z.strictObject({ count: z.number(), median_seconds: z.number().nullable() }),
  reopened: z.number(),
  reopen_rate: z.number().nullable().describe('reopened / assigned, 0..1; null when assigned = 0'),
  rating: z.strictObject({ count: z.number(), average: z.number().nullable() }),
});

/** One admin or team of a performance table. */
export const performanceGroupJson = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  ...performanceMetricsJson.shape,
});
