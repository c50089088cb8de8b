import { ApiError } from '../http/api-error.js';
import { Random, hashSeed } from '../workspace/random.js';

/**
 * The companies scroll's one rule that bites a sync: "Each app can only have 1 scroll open at a time",
 * and a scroll left unused for a minute expires (the 2.16 spec, GET /companies/scroll). Opening a second
 * one while the first is live answers 400 "scroll already exists for this app" (what the API said in
 * intercom/intercom-ruby#292). So two syncs, or a sync and another app, that both scroll fight, and a
 * client that scrolls is caught; the paginated `GET /companies` has no such limit.
 */

const EXPIRY_MS = 60_000;
export const SCROLL_PAGE_SIZE = 50;

interface OpenScroll {
  param: string;
  /** Companies (in scroll order) already served. */
  position: number;
  lastUsedMs: number;
}

export class CompanyScroll {
  readonly #clock: () => number;
  readonly #random: Random;
  #open: OpenScroll | undefined;

  constructor(seed: number, clock: () => number) {
    this.#clock = clock;
    this.#random = new Random(hashSeed(seed, 0x5c2));
  }

  #live(): OpenScroll | undefined {
    const open = this.#open;
    if (open !== undefined && this.#clock() - open.lastUsedMs >= EXPIRY_MS) this.#open = undefined;
    return this.#open;
  }

  #uuid(): string {
    const hex = Array.from({ length: 4 }, () => this.#random.uint32().toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /**
   * The range of companies (positions in scroll order) this request gets, and the scroll_param to send.
   * Without `param` a new scroll opens; an empty range closes the scroll.
   */
  next(param: string | null, total: number): { start: number; end: number; param: string } {
    const open = this.#live();
    let scroll: OpenScroll;
    if (param === null || param === '') {
      if (open !== undefined) throw new ApiError(400, 'scroll_exists', 'scroll already exists for this app');
      scroll = { param: this.#uuid(), position: 0, lastUsedMs: this.#clock() };
      this.#open = scroll;
    } else {
      if (open === undefined || open.param !== param)
        throw new ApiError(404, 'scroll_param_not_found', 'scroll_param is unknown or has expired');
      scroll = open;
    }
    const start = scroll.position;
    const end = Math.min(total, start + SCROLL_PAGE_SIZE);
    scroll.position = end;
    scroll.lastUsedMs = this.#clock();
    // The end of the scroll: "companies" is empty and the scroll parameter expires.
    if (start === end) this.#open = undefined;
    return { start, end, param: scroll.param };
  }

  /** Ends the open scroll, if any (a test's way of waiting out the minute). */
  close(): void {
    this.#open = undefined;
  }
}
