import { Random, hashSeed } from './random.js';

/** When the generated conversations were started: a year of history shaped like a support inbox's. */

const DAY = 86_400;
/** Days of history the workspace holds before its "now". */
export const HISTORY_DAYS = 400;

/** Weekdays busier than weekends, office hours busier than nights, and growth over the year. */
function activityWeight(t: number, start: number, span: number): number {
  const day = Math.floor(t / DAY);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
  const hour = Math.floor((t % DAY) / 3600);
  const dayWeight = weekday === 0 || weekday === 6 ? 0.35 : 1;
  const hourWeight = hour >= 8 && hour < 19 ? 1 : hour >= 6 && hour < 23 ? 0.45 : 0.12;
  return dayWeight * hourWeight * (0.6 + (0.8 * (t - start)) / span);
}

export function sampleCreatedAt(count: number, seed: number, now: number): Uint32Array {
  const random = new Random(hashSeed(seed, 0xc7));
  const span = HISTORY_DAYS * DAY;
  const start = now - span;
  const values = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let t = start;
    do t = start + Math.floor(random.next() * (span - 3600));
    while (random.next() * 1.4 > activityWeight(t, start, span));
    values[i] = t;
  }
  return values.sort();
}
