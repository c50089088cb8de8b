import * as Flags from '@oclif/core/flags';
import type { OptionFlag } from '@oclif/core/interfaces';
import { FlagValueError } from './flag-value-error.js';

/**
 * The time flags of the query commands (--since, --until): an ISO date or date-time, or a span back from
 * now (90m, 24h, 7d, 2w). Checked while parsing with the rule the queries apply, so a value they would
 * refuse, a date no calendar has (2026-02-30) among them, is a usage error naming the flag; the text
 * itself goes on to the query, which reads it against its own clock.
 */
export function timeFlag(summary: string): OptionFlag<string | undefined> {
  return Flags.string({
    summary,
    helpValue: 'WHEN',
    parse: async (input, _context, options) => {
      const { parseTimeBound } = await import('@fastintercom/core/queries');
      try {
        parseTimeBound(input, `--${options.name}`, Math.floor(Date.now() / 1000));
      } catch (error) {
        throw new FlagValueError((error as Error).message);
      }
      return input;
    },
  });
}

/**
 * `fic sync --since`: a date, a date-time or a span back from now (7d, 24h), like every other time flag,
 * in the past, as Unix seconds. Bare dates are midnight UTC.
 */
export async function parseSince(input: string): Promise<number> {
  const { parseIsoTime, parseTimeBound } = await import('@fastintercom/core/queries');
  const now = Math.floor(Date.now() / 1000);
  let seconds = parseIsoTime(input);
  if (seconds === undefined && !/^\s*\d{4}-/.test(input)) {
    try {
      seconds = parseTimeBound(input, '--since', now);
    } catch {
      // Not a span either: the message below says what is accepted.
    }
  }
  if (seconds === undefined) {
    const impossible = /^\s*\d{4}-\d{2}-\d{2}/.test(input)
      ? ` (${input.trim()} is not a real date or time)`
      : '';
    throw new FlagValueError(
      `--since takes a date like 2026-01-31, 2026-01-31T12:00:00Z or a span like 7d, not "${input}"${impossible}.`,
    );
  }
  if (seconds > now) throw new FlagValueError(`--since ${input} is in the future.`);
  return seconds;
}
