import type { FicDatabase } from '@fastintercom/core';
import { FlagValueError } from './flag-value-error.js';

/**
 * The database `fic token` commands write to, opened read-write (a new one is created 0600 and
 * migrated, so tokens can be made before the first sync). The caller closes it.
 */
export async function openTokenDatabase(dbPath: string): Promise<FicDatabase> {
  const { openDatabase } = await import('@fastintercom/core/read');
  return openDatabase(dbPath);
}

/** `--expires`: a span from now (90d, 12h, 2w) or a date (2027-01-31), as Unix seconds in the future. */
export async function parseExpiry(input: string, now: number): Promise<number> {
  const { parseTimeBound } = await import('@fastintercom/core/queries');
  let bound: number | undefined;
  try {
    bound = parseTimeBound(input, '--expires', now);
  } catch (error) {
    throw new FlagValueError((error as Error).message.replace('relative span', 'span from now'));
  }
  const isSpan = /^\s*\d+\s*[a-z]+\s*$/i.test(input);
  const expiresAt = isSpan ? now + (now - bound!) : bound!;
  if (expiresAt <= now) throw new FlagValueError(`--expires ${input} is not in the future.`);
  return expiresAt;
}
