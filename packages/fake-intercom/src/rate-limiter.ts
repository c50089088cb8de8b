/**
 * Intercom-style rate limiting: a per-minute budget enforced as limit/6 requests in each 10-second
 * window (aligned to wall-clock multiples of 10 s). 0 means unlimited. `X-RateLimit-Limit` is the
 * per-minute budget, or with `perWindowHeaders` (realism.perWindowRateLimitHeaders) the per-window one,
 * as the live API documents it (REAL-API-BEHAVIOUR.md, "Rate limits and errors").
 */

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** For the 429 message: the per-window budget. */
  windowLimit: number;
}

export class RateLimiter {
  readonly perMinute: number;
  readonly #clock: () => number;
  readonly #perWindowHeaders: boolean;
  #windowStart = -1;
  #used = 0;

  /** `clock` returns milliseconds (injectable for tests). */
  constructor(perMinute: number, clock: () => number = Date.now, perWindowHeaders = false) {
    this.perMinute = perMinute;
    this.#clock = clock;
    this.#perWindowHeaders = perWindowHeaders;
  }

  /** What X-RateLimit-Limit says. */
  get headerLimit(): number {
    return this.#perWindowHeaders ? this.windowLimit : this.perMinute;
  }

  get windowLimit(): number {
    return Math.max(1, Math.floor(this.perMinute / 6));
  }

  take(): RateLimitDecision {
    const nowSeconds = Math.floor(this.#clock() / 1000);
    const windowStart = nowSeconds - (nowSeconds % 10);
    if (this.perMinute <= 0) {
      return {
        allowed: true,
        windowLimit: 0,
        headers: {
          'X-RateLimit-Limit': '0',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(windowStart + 10),
        },
      };
    }
    if (windowStart !== this.#windowStart) {
      this.#windowStart = windowStart;
      this.#used = 0;
    }
    const allowed = this.#used < this.windowLimit;
    if (allowed) this.#used++;
    return {
      allowed,
      windowLimit: this.windowLimit,
      headers: {
        'X-RateLimit-Limit': String(this.headerLimit),
        'X-RateLimit-Remaining': String(Math.max(0, this.windowLimit - this.#used)),
        'X-RateLimit-Reset': String(windowStart + 10),
      },
    };
  }
}
