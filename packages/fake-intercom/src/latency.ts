import { Random, hashSeed } from './workspace/random.js';

/**
 * Added response latency: log-normal around the median, so p99 is about five times the median
 * (sigma = ln 5 / 2.326), like a real API's long tail.
 */
const SIGMA = Math.log(5) / 2.326;

export class LatencyModel {
  readonly medianMs: number;
  readonly #seed: number;
  #counter = 0;

  constructor(medianMs: number, seed: number) {
    this.medianMs = medianMs;
    this.#seed = seed;
  }

  nextDelayMs(): number {
    if (this.medianMs <= 0) return 0;
    return new Random(hashSeed(this.#seed, 0x1a, this.#counter++)).logNormal(this.medianMs, SIGMA);
  }
}
