/**
 * A rate-limit lockout: every API request answers 429 until a set time (what a workspace shared with
 * other apps looks like once they spent the 25,000-a-minute workspace budget), with
 * `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset` when it ends.
 */
export class RateLimitLockout {
  readonly #clock: () => number;
  #untilMs = 0;

  /** `clock` returns milliseconds. */
  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** Locks for `seconds` from now; 0 ends a lockout. */
  lock(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new RangeError('seconds must be a non-negative number.');
    this.#untilMs = seconds === 0 ? 0 : this.#clock() + seconds * 1000;
  }

  /** The Unix second the lockout ends, while one is in force; undefined otherwise. */
  resetAt(): number | undefined {
    if (this.#untilMs === 0 || this.#clock() >= this.#untilMs) return undefined;
    return Math.ceil(this.#untilMs / 1000);
  }
}
