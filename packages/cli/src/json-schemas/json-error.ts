import { z } from 'zod';

/** What every `fic ... --json` prints on failure, whatever failed (json-error.ts builds it). */
export const jsonErrorJson = z.strictObject({
  error: z.strictObject({
    code: z
      .string()
      .describe('FicError code (auth, locked, not_found, invalid_input, ...), unknown_command or internal'),
    message: z.string().describe('The sentence also printed on stderr as "Error: ..."'),
    exit_code: z.number().describe('The process exit code'),
    details: z.record(z.string(), z.unknown()).describe('Structured facts; {} when there are none'),
  }),
});
