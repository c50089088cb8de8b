import type { HeaderLookup } from './http-transport.js';

export interface RetryPolicyOptions {
  /** Retries after the first attempt. Default 3. */
  retryCount?: number;
  /** First backoff step in ms; step n is base * 2^n, capped, then fully jittered. Default 500. */
  baseDelayMs?: number;
  /** Cap of one backoff step in ms. Default 20,000. */
  maxDelayMs?: number;
  /** Longest wait honoured from X-RateLimit-Reset / Retry-After, in ms. Default 60,000. */
  maxRateLimitWaitMs?: number;
  /** A reset further away than this is not waited for at all (see `waitTooLong`), in ms. Default 120,000. */
  longestRateLimitWaitMs?: number;
  /** Uniform [0, 1) source, injectable for tests. Default Math.random. */
  random?: () => number;
}

/** Decides how long to wait before a retry: exponential backoff with full jitter, or the server's word on 429. */
export class RetryPolicy {
  readonly retryCount: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #longestRateLimitWaitMs: number;
  readonly #random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.retryCount = options.retryCount ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 20_000;
    this.#maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;
    this.#longestRateLimitWaitMs = options.longestRateLimitWaitMs ?? 120_000;
    this.#random = options.random ?? Math.random;
  }

  /** Backoff before retry number `retry` (0 for the first retry). */
  backoffMs(retry: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** retry);
    return Math.floor(this.#random() * ceiling);
  }

  /**
   * Wait before retrying a 429: until `Retry-After` (seconds or an HTTP date) or `X-RateLimit-Reset`
   * (Unix seconds), plus a little jitter so waiting requests do not all return in the same millisecond;
   * bounded by `maxRateLimitWaitMs`. Without either header, the usual backoff.
   */
  rateLimitWaitMs(headers: HeaderLookup, nowMs: number, retry: number): number {
    const until = retryAfterMs(headers, nowMs) ?? resetMs(headers, nowMs);
    if (until === undefined) return this.backoffMs(retry);
    const jitter = Math.floor(this.#random() * Math.min(250, this.#baseDelayMs));
    return Math.min(this.#maxRateLimitWaitMs, Math.max(0, until) + jitter);
  }

  /**
   * How long a 429 asks us to wait when that is longer than a run should wait (an app whose budget
   * another integration spent for the hour), else undefined.
   */
  waitTooLong(headers: HeaderLookup, nowMs: number): number | undefined {
    const until = retryAfterMs(headers, nowMs) ?? resetMs(headers, nowMs);
    return until !== undefined && until > this.#longestRateLimitWaitMs ? until : undefined;
  }
}

function retryAfterMs(headers: HeaderLookup, nowMs: number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - nowMs;
}

function resetMs(headers: HeaderLookup, nowMs: number): number | undefined {
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 - nowMs : undefined;
}
