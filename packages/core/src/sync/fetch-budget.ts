/**
 * Bounds the memory of detail requests in flight by their size, not only their number. A conversation's
 * answer costs several times its bytes while it is read, parsed and mapped (the body text, the parsed
 * object, the text of every part, the encoded row), so 40 requests in flight are nothing at 10 KB and
 * over a gigabyte at 4 MB. Each request is admitted against a byte budget at the cost of the largest
 * conversation seen lately; the first requests are admitted a few at a time (slow start), so a workspace
 * of huge conversations is learned before 40 of them arrive at once.
 */
export class FetchBudget {
  readonly #budgetBytes: number;
  readonly #waiters: (() => void)[] = [];
  /** Requests admitted and not yet finished. */
  #inFlight = 0;
  /** Bytes one request is assumed to cost while in flight. */
  #perRequest: number;
  /** Largest conversation seen in the current window of `WINDOW` requests, and the window before. */
  #windowMax = 0;
  #previousMax = 0;
  #windowCount = 0;
  /** Slow start: requests allowed in flight until enough answers were seen. */
  #ramp: number;

  /** A request costs this many times the encoded size of the conversation it brings. */
  static readonly COST_FACTOR = 4;
  static readonly MIN_REQUEST_BYTES = 64 * 1024;
  static readonly INITIAL_RAMP = 4;
  static readonly WINDOW = 64;

  constructor(budgetBytes: number) {
    this.#budgetBytes = Math.max(FetchBudget.MIN_REQUEST_BYTES, budgetBytes);
    this.#perRequest = FetchBudget.MIN_REQUEST_BYTES;
    this.#ramp = FetchBudget.INITIAL_RAMP;
  }

  /** Requests the budget allows in flight at once now. */
  get allowed(): number {
    return Math.max(1, Math.min(this.#ramp, Math.floor(this.#budgetBytes / this.#perRequest)));
  }

  /** Resolves when a request may start; call `release(bytes)` when it is done (0 when it failed). */
  async admit(): Promise<void> {
    while (this.#inFlight >= this.allowed) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#inFlight += 1;
  }

  /** Ends an admitted request; `bytes` is the size of what it brought (what the cost is learned from). */
  release(bytes: number): void {
    this.#inFlight -= 1;
    if (bytes > 0) this.#learn(bytes);
    this.#ramp = Math.min(Number.MAX_SAFE_INTEGER, this.#ramp + 1);
    // Wake everyone: each checks the (maybe changed) allowance again.
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #learn(bytes: number): void {
    this.#windowMax = Math.max(this.#windowMax, bytes);
    if (++this.#windowCount >= FetchBudget.WINDOW) {
      this.#previousMax = this.#windowMax;
      this.#windowMax = 0;
      this.#windowCount = 0;
    }
    const recent = Math.max(this.#windowMax, this.#previousMax);
    this.#perRequest = Math.max(FetchBudget.MIN_REQUEST_BYTES, recent * FetchBudget.COST_FACTOR);
  }
}
