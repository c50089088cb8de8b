import { z } from 'zod';

/** What `fic team --json` prints on success (docs/json.md; checked by test/json-contract.test.ts). */
export const teamJson = z.strictObject({
  group_by: z.string(),
  period: z.strictObject({
    since: z.string(),
    until: z.string(),
    since_unix: z.number(),
    until_unix: z.number(),
  }),
  groups: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      assigned: z.number(),
      closed: z.number(),
      first_response: z.strictObject({
        count: z.number(),
        median_seconds: z.number(),
        p90_seconds: z.number(),
      }),
      time_to_close: z.strictObject({
        count: z.number(),
        median_seconds: z.number().nullable(),
      }),
      reopened: z.number(),
      reopen_rate: z.number(),
      rating: z.strictObject({
        count: z.number(),
        average: z.number().nullable(),
      }),
    }),
  ),
  totals: z.strictObject({
    assigned: z.number(),
    closed: z.number(),
    first_response: z.strictObject({
      count: z.number(),
      median_seconds: z.number(),
      p90_seconds: z.number(),
    }),
    time_to_close: z.strictObject({
      count: z.number(),
      median_seconds: z.number(),
    }),
    reopened: z.number(),
    reopen_rate: z.number(),
    rating: z.strictObject({
      count: z.number(),
      average: z.number(),
    }),
  }),
  unassigned: z.number(),
});
