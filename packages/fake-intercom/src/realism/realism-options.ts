/**
 * Ways the live Intercom API is harder than its spec (see REAL-API-BEHAVIOUR.md), each a switch. Off by
 * default, so the fake answers exactly as it always has; `realistic: true` turns them all on.
 */
export interface RealismOptions {
  /** `statistics.count_conversation_parts` counts the opening message: `total_count + 1`. */
  countsOpeningMessage: boolean;
  /**
   * Nulls where the live API sends them: absent statistics as null, `statistics: null` for ~3% of
   * conversations, `source.subject: null` instead of '', contacts and authors without email as null.
   */
  explicitNulls: boolean;
  /** `teammates` is `{type: 'admin.list', admins: [...]}` (the spec's `teammates.teammates` is wrong). */
  teammatesAsAdmins: boolean;
  /** A seeded share of conversations carry quick replies, custom actions, attribute updates and the like. */
  richParts: boolean;
  /** Search sees each conversation change after a seeded delay in [0, this] seconds (0: at once). */
  searchIndexLagSeconds: number;
  /** The same for contact search: new contacts and contact edits (0: at once). */
  contactSearchLagSeconds: number;
  /** Search cursors carry only the last item's sort value: same-second items beyond a page are skipped. */
  tieLessCursor: boolean;
  /** `X-RateLimit-Limit` is the per-10-second budget (e.g. 166), not the per-minute one. */
  perWindowRateLimitHeaders: boolean;
  /** This seeded share of responses carry no rate-limit headers at all. */
  missingRateLimitHeadersRate: number;
  /** Contact search answers 400 to an `id IN [...]` with more values than this (0: no limit). */
  maxContactSearchIdValues: number;
  /** The last page of a search says `"next": null` instead of leaving `next` out. */
  emptyCursorOnLastPage: boolean;
}

export const PLAIN_DEFAULTS: Readonly<RealismOptions> = Object.freeze({
  countsOpeningMessage: false,
  explicitNulls: false,
  teammatesAsAdmins: false,
  richParts: false,
  searchIndexLagSeconds: 0,
  contactSearchLagSeconds: 0,
  tieLessCursor: false,
  perWindowRateLimitHeaders: false,
  missingRateLimitHeadersRate: 0,
  maxContactSearchIdValues: 0,
  emptyCursorOnLastPage: false,
});

export const REALISTIC_DEFAULTS: Readonly<RealismOptions> = Object.freeze({
  countsOpeningMessage: true,
  explicitNulls: true,
  teammatesAsAdmins: true,
  richParts: true,
  searchIndexLagSeconds: 30,
  contactSearchLagSeconds: 120,
  tieLessCursor: true,
  perWindowRateLimitHeaders: true,
  missingRateLimitHeadersRate: 0.05,
  maxContactSearchIdValues: 50,
  emptyCursorOnLastPage: true,
});

const NUMERIC: readonly (keyof RealismOptions)[] = [
  'searchIndexLagSeconds',
  'contactSearchLagSeconds',
  'missingRateLimitHeadersRate',
  'maxContactSearchIdValues',
];

/** The options in force: the realistic or plain defaults, overridden field by field. Frozen. */
export function resolveRealism(realistic: boolean, overrides: Partial<RealismOptions> = {}): RealismOptions {
  const resolved: RealismOptions = { ...(realistic ? REALISTIC_DEFAULTS : PLAIN_DEFAULTS) };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in PLAIN_DEFAULTS)) throw new Error(`Unknown realism option "${key}".`);
    if (value === undefined) continue;
    const name = key as keyof RealismOptions;
    if (NUMERIC.includes(name)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new Error(`realism.${key} must be a non-negative number.`);
      if (name === 'missingRateLimitHeadersRate' && value > 1)
        throw new Error('realism.missingRateLimitHeadersRate must be between 0 and 1.');
    } else if (typeof value !== 'boolean') throw new Error(`realism.${key} must be true or false.`);
    (resolved as unknown as Record<string, unknown>)[name] = value;
  }
  return Object.freeze(resolved);
}
