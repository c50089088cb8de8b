import { z } from 'zod';

/** What `fic schedule --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const scheduleJson = z.strictObject({
  interval_minutes: z.number(),
  command: z.string(),
  crontab: z.string(),
  systemd: z.strictObject({
    service_path: z.string(),
    service: z.string(),
    timer_path: z.string(),
    timer: z.string(),
    enable: z.string(),
  }),
  notes: z.array(z.string()),
});
