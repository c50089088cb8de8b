import { z } from 'zod';
import { performanceGroupJson, performanceMetricsJson } from './performance-metrics.js';

/** What `fic team --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const teamJson = z.strictObject({
  group_by: z.string(),
  period: z.strictObject({
    since: z.string(),
    until: z.string(),
    since_unix: z.number(),
    until_unix: z.number(),
  }),
  groups: z.array(performanceGroupJson),
  totals: performanceMetricsJson,
  unassigned: z.number(),
});
