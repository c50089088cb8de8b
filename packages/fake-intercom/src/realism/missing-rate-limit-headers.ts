import { Random, hashSeed } from '../workspace/random.js';

/**
 * "Some responses carry no rate-limit headers" (REAL-API-BEHAVIOUR.md, "Rate limits and errors"): with
 * realism.missingRateLimitHeadersRate a seeded share of responses leave them out, so a client pacing
 * itself from the headers has to cope without them. Decided per response, from (seed, response number).
 */
export class MissingRateLimitHeaders {
  readonly #seed: number;
  readonly #rate: number;
  #counter = 0;

  constructor(seed: number, rate: number) {
    this.#seed = seed;
    this.#rate = rate;
  }

  /** Whether the next response goes without its rate-limit headers. */
  next(): boolean {
    if (this.#rate <= 0) return false;
    return new Random(hashSeed(this.#seed, 0x4a7, this.#counter++)).next() < this.#rate;
  }
}
