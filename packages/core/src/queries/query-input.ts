import { FicError } from '../errors.js';
import type { ConversationState, DateField } from './query-types.js';

/** Validation and conversion shared by every query: time bounds, limits, ids, states. */

const SPAN_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };
const SPAN = /^(\d{1,6})\s*(m|h|d|w)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export const DAY_SECONDS = 86_400;

export function resolveNow(now: number | undefined): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (!Number.isFinite(now) || now < 0) {
    throw new FicError('invalid_input', 'now must be a Unix time in seconds');
  }
  return Math.floor(now);
}

/** '2026-01-31', '2026-01-31T12:00:00Z' (no zone = UTC) or a span back from now: '90m', '24h', '7d', '2w'. */
export function parseTimeBound(value: string | undefined, name: string, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const span = SPAN.exec(text);
  if (span !== null) return now - Number(span[1]) * (SPAN_SECONDS[span[2]!.toLowerCase()] ?? 0);
  const date = DATE.exec(text);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return ms / 1000;
  } else if (DATE_TIME.test(text)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
    const ms = Date.parse(zoned.replace(' ', 'T'));
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  throw new FicError(
    'invalid_input',
    `${name} must be an ISO date (2026-01-31) or a relative span like 7d or 24h`,
    { details: { field: name } },
  );
}

/** Optional since/until; since must come before until. */
export function parseWindow(
  input: { since?: string; until?: string },
  now: number,
): { since: number | undefined; until: number | undefined } {
  const since = parseTimeBound(input.since, 'since', now);
  const until = parseTimeBound(input.until, 'until', now);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new FicError('invalid_input', 'since must be earlier than until');
  }
  return { since, until };
}

/** A closed-open period [since, until): until defaults to now, since to `defaultDays` before until. */
export function resolvePeriod(
  input: { since?: string; until?: string },
  now: number,
  defaultDays: number,
): { since: number; until: number } {
  const until = parseTimeBound(input.until, 'until', now) ?? now;
  const since = parseTimeBound(input.since, 'since', now) ?? until - defaultDays * DAY_SECONDS;
  if (since >= until) throw new FicError('invalid_input', 'since must be earlier than until');
  return { since, until };
}

export function parseLimit(value: number | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new FicError('invalid_input', `${name} must be a whole number from 1 to ${max}`, {
      details: { field: name },
    });
  }
  return value;
}

export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FicError('invalid_input', `${name} is required`, { details: { field: name } });
  }
  return value.trim();
}

export function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireText(value, name);
}

const STATES: readonly ConversationState[] = ['open', 'closed', 'snoozed'];

export function parseState(value: string | undefined): ConversationState | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(STATES as readonly string[]).includes(value)) {
    throw new FicError('invalid_input', `state must be one of ${STATES.join(', ')}`, {
      details: { field: 'state' },
    });
  }
  return value as ConversationState;
}

export function parseDateField(value: string | undefined): DateField {
  if (value === undefined || value === null || value === 'updated') return 'updated';
  if (value === 'created') return 'created';
  throw new FicError('invalid_input', 'dateField must be updated or created', {
    details: { field: 'dateField' },
  });
}

export function isoTime(unix: number): string {
  return new Date(unix * 1000).toISOString();
}

export function isoTimeOrNull(unix: number | null | undefined): string | null {
  return unix === null || unix === undefined ? null : isoTime(unix);
}
