import { hashSeed } from '../workspace/random.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * The live API sends null where a value is absent (REAL-API-BEHAVIOUR.md: "Null fields are sent as null,
 * including a whole statistics: null"), where the 2.16 spec's types would have it left out.
 */

/** Share of conversations, in percent, whose `statistics` the API sends as null. */
const NULL_STATISTICS_PERCENT = 3;

/** Whether this conversation's `statistics` is null (realism.explicitNulls only; seeded). */
export function statisticsWithheld(workspace: Workspace, index: number): boolean {
  return (
    workspace.realism.explicitNulls && hashSeed(workspace.seed, 0x57a, index) % 100 < NULL_STATISTICS_PERCENT
  );
}

/** Statistics as sent: every key kept (nulls included) with explicitNulls, else the nulls left out. */
export function statisticsEntries(statistics: object, explicitNulls: boolean): Record<string, unknown> {
  if (explicitNulls) return { ...statistics };
  // The 2.16 spec types these as plain integers, so absent values are left out rather than null.
  const entries: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statistics)) if (value !== null) entries[key] = value;
  return entries;
}
