/**
 * How each setting in config.ts reads its raw value (a flag, an environment string, a JSON value): the
 * clean value, or `invalid`, which config.ts reports with the setting's rule. Plain functions rather
 * than a zod schema: every command resolves its configuration first, and loading zod took ~40 ms of
 * `fic status`.
 */
export const invalid: unique symbol = Symbol('invalid');
export type Invalid = typeof invalid;
export type ParseSetting = (raw: unknown) => unknown;

/** A string with something in it, trimmed. */
export function text(raw: unknown): string | Invalid {
  if (typeof raw !== 'string') return invalid;
  const trimmed = raw.trim();
  return trimmed === '' ? invalid : trimmed;
}

export function mapValid<T, U>(value: T | Invalid, map: (value: T) => U): U | Invalid {
  return value === invalid ? invalid : map(value);
}

/** An absolute http(s) URL (`scheme://` spelled out), without tabs, newlines or trailing slashes. */
export function httpUrl(raw: unknown): string | Invalid {
  const url = text(raw);
  if (url === invalid || !/^https?:\/\//i.test(url) || !URL.canParse(url)) return invalid;
  return url.replace(/[\t\n\r]/g, '').replace(/\/+$/, '');
}

/** One of `choices`, in any case. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: unknown) => T | Invalid {
  return (raw) => {
    if (typeof raw !== 'string') return invalid;
    const value = raw.toLowerCase();
    return choices.find((choice) => choice === value) ?? invalid;
  };
}

/** A whole number from `min` to `max`, given as a number or as text ('30'). */
export function wholeNumber(min: number, max: number): ParseSetting {
  return (raw) => {
    const value = toNumber(raw);
    return Number.isSafeInteger(value) && value >= min && value <= max ? value : invalid;
  };
}

/** A number above 0 and at most `max`, given as a number or as text ('2.5'). */
export function positiveNumber(max: number): ParseSetting {
  return (raw) => {
    const value = toNumber(raw);
    return Number.isFinite(value) && value > 0 && value <= max ? value : invalid;
  };
}

const TRUE_WORDS: readonly unknown[] = ['true', '1', 'yes', 'on'];
const FALSE_WORDS: readonly unknown[] = ['false', '0', 'no', 'off'];

/** A boolean, or one of the words for it ('true', '1', 'yes', 'on' and their opposites). */
export function booleanText(raw: unknown): boolean | Invalid {
  if (typeof raw === 'boolean') return raw;
  if (TRUE_WORDS.includes(raw)) return true;
  return FALSE_WORDS.includes(raw) ? false : invalid;
}

/** What `Number()` makes of the value ('' and [] are 0, as for any coercion); NaN when it cannot. */
function toNumber(raw: unknown): number {
  try {
    return Number(raw);
  } catch {
    return Number.NaN; // a symbol
  }
}
