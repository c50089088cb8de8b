import { setTimeout as delay } from 'node:timers/promises';
import { FicError } from '../errors.js';
import type { HeaderLookup } from './http-transport.js';

export interface RateLimiterOptions {
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
  /** Waits `ms` unless `signal` aborts (then rejects). Default: node's timers/promises setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Share of each window's budget left unspent, for other users of the same app. Default 0.01. */
  reserveFraction?: number;
  /** Requests that may start back to back after a quiet spell. Default 10. */
  burst?: number;
  /** A fresh budget is assumed this long after a window's reset time, for clock drift. Default 50. */
  rolloverPadMs?: number;
  /** Never go faster than this multiple of the window's average rate, even to spend leftovers. Default 4. */
  maxSpeedup?: number;
  /**
   * A request that would wait longer than this for the budget (a window the server says ends far away)
   * is refused with FicError('rate_limited') instead, and so is every request waiting. Default: no bound.
   */
  maxWaitMs?: number;
}

export interface RateLimitSnapshot {
  /** X-RateLimit-Limit (per minute), or null before any header. */
  limitPerMinute: number | null;
  /** Requests we may still start in the current window (estimated), or null while unlimited. */
  allowance: number | null;
  /** When the current window ends (ms), or null while unlimited. */
  windowEndsAt: number | null;
  /** Requests started and not answered yet. */
  inFlight: number;
}

interface Waiter {
  resolve: (ticket: number) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** How long the first request holds the others back if its answer never comes. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Paces the requests of one client from Intercom's X-RateLimit-* headers (Limit per minute, Remaining in
 * the current window, Reset = Unix seconds when the window ends). The budget left is spread evenly over
 * the time left in the window, so a steady stream never meets a 429 yet spends the whole budget; when it
 * runs out, requests wait for the reset. The first request goes alone, so that its answer tells the
 * budget before it is spent; while answers carry no such headers, nothing waits.
 *
 * The budget left is estimated as the lowest Remaining seen in the window minus the requests still in
 * flight: Remaining only falls within a window, so the lowest value comes from the request the server
 * counted last, and only requests not answered yet can have been counted after it.
 *
 * Call `acquire()` before each request and `update(headers, ticket)` once it is answered (or
 * `update(undefined, ticket)` when it got no answer).
 */
export class RateLimiter {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #reserveFraction: number;
  readonly #burst: number;
  readonly #padMs: number;
  readonly #maxSpeedup: number;
  readonly #maxWaitMs: number;
  readonly #waiters: Waiter[] = [];
  readonly #inFlight = new Set<number>();
  #timer: AbortController | undefined;
  #tickets = 0;
  #answered = false;
  #probeUntil = 0;

  #limitPerMinute: number | null = null;
  /** Whether a window is known (false while the server sends no rate-limit headers). */
  #known = false;
  #windowEnd = 0;
  /** Lowest Remaining seen in the current window, or the assumed budget of a window not heard from. */
  #lowest = 0;
  /** Whether the window comes from a header (true) or is our guess after a reset passed (false). */
  #confirmed = false;
  /** Largest budget and length seen for one window, used to guess the next window. */
  #budget = 1;
  #windowMs = 10_000; // Intercom's window, until headers show another
  /** GCRA theoretical arrival time of the next request. */
  #tat = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#reserveFraction = options.reserveFraction ?? 0.01;
    this.#burst = options.burst ?? 10;
    this.#padMs = options.rolloverPadMs ?? 50;
    this.#maxSpeedup = options.maxSpeedup ?? 4;
    this.#maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
  }

  /** Resolves (with a ticket for `update`) when a request may start; rejects FicError('aborted') on abort. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(aborted());
    const ticket = this.tryAcquire();
    if (ticket !== undefined) return Promise.resolve(ticket);
    const wait = this.#waitMs(this.#now());
    if (wait > this.#maxWaitMs) return Promise.reject(waitTooLong(wait));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(aborted());
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      if (this.#timer === undefined) this.#pump();
    });
  }

  /** A ticket at once when a request may start now (nobody waits and the budget allows), else undefined. */
  tryAcquire(): number | undefined {
    if (this.#waiters.length > 0) return undefined;
    const now = this.#now();
    return this.#waitMs(now) <= 0 ? this.#grant(now) : undefined;
  }

  /**
   * Ends request `ticket`: learns from its answer's headers, or (`undefined`) notes that it got no
   * answer. Answers without rate-limit headers teach nothing (Intercom sometimes omits them).
   */
  update(headers: HeaderLookup | undefined, ticket?: number): void {
    if (ticket === undefined) this.#inFlight.delete(this.#inFlight.values().next().value ?? 0);
    else this.#inFlight.delete(ticket);
    if (headers === undefined) {
      this.#probeUntil = 0;
    } else {
      this.#answered = true;
      this.#learn(headers);
    }
    if (this.#waiters.length > 0) this.#pump();
  }

  /** How long a request asking now would wait (0 when it may start at once). */
  delayMs(): number {
    return Math.max(0, this.#waitMs(this.#now()));
  }

  snapshot(): RateLimitSnapshot {
    const inFlight = this.#inFlight.size;
    if (!this.#known)
      return { limitPerMinute: this.#limitPerMinute, allowance: null, windowEndsAt: null, inFlight };
    this.#roll(this.#now());
    return {
      limitPerMinute: this.#limitPerMinute,
      allowance: this.#allowance(),
      windowEndsAt: this.#windowEnd,
      inFlight,
    };
  }

  #learn(headers: HeaderLookup): void {
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    const reset = numberHeader(headers, 'x-ratelimit-reset');
    if (remaining === undefined || reset === undefined) return;
    const limit = numberHeader(headers, 'x-ratelimit-limit');
    if (limit === 0) return; // "no limit", as some servers (our fake) say it
    const now = this.#now();
    const end = reset * 1000;
    this.#limitPerMinute = limit ?? this.#limitPerMinute;
    if (end + this.#padMs <= now) return; // describes a window that is already over
    this.#budget = Math.max(this.#budget, remaining + 1);
    this.#windowMs = Math.min(60_000, Math.max(this.#windowMs, Math.ceil((end - now) / 1000) * 1000));
    if (this.#known && this.#confirmed && end === this.#windowEnd) {
      this.#lowest = Math.min(this.#lowest, remaining);
    } else if (!this.#known || !this.#confirmed || end > this.#windowEnd) {
      // A newer window, or the server correcting our guess about the next one.
      this.#windowEnd = end;
      this.#lowest = remaining;
      this.#confirmed = true;
    }
    this.#known = true;
  }

  /** Requests we may still start before the window ends. */
  #allowance(): number {
    return this.#lowest - this.#inFlight.size;
  }

  #usable(): number {
    return this.#allowance() - Math.floor(this.#budget * this.#reserveFraction);
  }

  /** Spacing that spreads what is left evenly over the rest of the window, from time `at`. */
  #interval(at: number): number {
    const spread = (this.#windowEnd - at) / Math.max(1, this.#usable());
    return Math.max(spread, this.#windowMs / this.#budget / this.#maxSpeedup);
  }

  #waitMs(now: number): number {
    if (!this.#answered && this.#inFlight.size > 0) return this.#probeUntil - now;
    if (!this.#known) return 0;
    this.#roll(now);
    if (this.#usable() < 1) return this.#windowEnd + this.#padMs - now;
    return this.#tat - this.#burst * this.#interval(Math.max(this.#tat, now)) - now;
  }

  /** Once a window has ended with no word from the server yet, assume the next one has a full budget. */
  #roll(now: number): void {
    if (now < this.#windowEnd + this.#padMs) return;
    const windows = Math.floor((now - this.#padMs - this.#windowEnd) / this.#windowMs) + 1;
    this.#windowEnd += windows * this.#windowMs;
    this.#lowest = this.#budget;
    this.#confirmed = false;
  }

  #grant(now: number): number {
    if (!this.#answered) this.#probeUntil = now + PROBE_TIMEOUT_MS;
    if (this.#known) {
      // Spacing is measured from the slot this request takes, so a burst does not stretch the schedule.
      const slot = Math.max(this.#tat, now);
      this.#tat = slot + this.#interval(slot);
    }
    this.#tickets += 1;
    this.#inFlight.add(this.#tickets);
    return this.#tickets;
  }

  /** Grants waiters in order while the budget allows, then sleeps until the next may go. */
  #pump(): void {
    this.#timer?.abort();
    this.#timer = undefined;
    while (this.#waiters.length > 0) {
      const now = this.#now();
      const wait = this.#waitMs(now);
      if (wait > this.#maxWaitMs) {
        const error = waitTooLong(wait);
        for (const waiter of this.#waiters.splice(0)) {
          waiter.signal?.removeEventListener('abort', waiter.onAbort);
          waiter.reject(error);
        }
        return;
      }
      if (wait > 0) {
        const timer = new AbortController();
        this.#timer = timer;
        this.#sleep(Math.ceil(wait), timer.signal).then(
          () => {
            if (this.#timer === timer) this.#pump();
          },
          () => undefined,
        );
        return;
      }
      const waiter = this.#waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.#grant(now));
    }
  }
}

function numberHeader(headers: HeaderLookup, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function waitTooLong(waitMs: number): FicError {
  const minutes = Math.max(1, Math.round(waitMs / 60_000));
  return new FicError(
    'rate_limited',
    `Intercom's rate-limit headers say this app's budget is spent for ${minutes} more minute${minutes === 1 ? '' : 's'}: another integration may be using it. The sync stopped; what it wrote is kept and the next sync continues from there. Raise FASTINTERCOM_MAX_RATE_LIMIT_WAIT_SECONDS to wait longer.`,
    { details: { waitMs } },
  );
}

function aborted(): FicError {
  return new FicError('aborted', 'The request was cancelled before it was sent.');
}
