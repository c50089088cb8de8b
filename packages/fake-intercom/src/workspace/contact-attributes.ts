import type { Directory } from './directory.js';
import { Random, hashSeed } from './random.js';

/**
 * A contact's custom attributes and tags, drawn from a stream of their own (salt 0xc0d), so adding them
 * changed nothing a seed already gave. About half the contacts have no custom attributes; tags are rare.
 */

const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const SOURCES = ['google', 'referral', 'newsletter', 'partner', 'direct'];

export function contactCustomAttributes(
  seed: number,
  index: number,
): Record<string, string | number | boolean> {
  const random = new Random(hashSeed(seed, 0xc0d, index));
  const attributes: Record<string, string | number | boolean> = {};
  if (random.chance(0.5)) return attributes;
  attributes.plan = random.pick(PLANS);
  if (random.chance(0.6)) attributes.paid_subscriber = random.chance(0.6);
  if (random.chance(0.5)) attributes.monthly_spend = Math.round(random.logUniform(5, 5000) * 100) / 100;
  if (random.chance(0.4)) attributes.team_mates = random.between(1, 40);
  if (random.chance(0.3)) attributes.signup_source = random.pick(SOURCES);
  return attributes;
}

/** Indexes into the directory's tags. */
export function contactTagIndexes(seed: number, index: number, directory: Directory): number[] {
  const random = new Random(hashSeed(seed, 0xc0e, index));
  if (!random.chance(0.15) || directory.tags.length === 0) return [];
  const tags = [random.int(directory.tags.length)];
  if (random.chance(0.3)) {
    const second = random.int(directory.tags.length);
    if (!tags.includes(second)) tags.push(second);
  }
  return tags;
}
