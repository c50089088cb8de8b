import { FicError } from '../errors.js';
import type { ConversationState, DateField } from './query-types.js';

/** Validation and conversion shared by every query: time bounds, limits, ids, states. */

const SPAN_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };
const SPAN = /^(\d{1,6})\s*(m|h|d|w)$/i;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/i;

export const DAY_SECONDS = 86_400;

export function resolveNow(now: number | undefined): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (!Number.isFinite(now) || now < 0) {
    throw new FicError('invalid_input', 'now must be a Unix time in seconds');
  }
  return Math.floor(now);
}

/**
 * '2026-01-31' (00:00 UTC) or '2026-01-31T12:00[:00[.000]][Z|+02:00]' (no zone = UTC) -> Unix seconds;
 * undefined for anything else, including dates no calendar has: Date.parse takes 2026-02-30 for
 * March 2, and a mistyped day must not quietly move a window.
 */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) =>
    Number(match[index] ?? 0),
  ) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(match[10] ?? 0), Number(match[11] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  const fraction = match[7] === undefined ? 0 : Number(match[7]);
  return Math.floor(Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + fraction) - offset;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** '2026-01-31', '2026-01-31T12:00:00Z' (no zone = UTC) or a span back from now: '90m', '24h', '7d', '2w'. */
export function parseTimeBound(value: string | undefined, name: string, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const span = SPAN.exec(text);
  if (span !== null) return now - Number(span[1]) * (SPAN_SECONDS[span[2]!.toLowerCase()] ?? 0);
  const time = parseIsoTime(text);
  if (time !== undefined) return time;
  const impossible = /^\d{4}-\d{2}-\d{2}/.test(text) ? `: ${text} is not a real date or time` : '';
  throw new FicError(
    'invalid_input',
    `${name} must be an ISO date (2026-01-31) or a relative span like 7d or 24h${impossible}`,
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
