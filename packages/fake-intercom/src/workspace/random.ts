/**
 * Small seeded PRNG (mulberry32) plus hashing helpers. Everything the fake generates comes from here,
 * keyed by (workspace seed, entity, index), so any piece of the workspace can be rebuilt on demand
 * without storing it and without Math.random.
 */

/** Mixes any number of 32-bit integers into one well-spread 32-bit seed (murmur3 finaliser style). */
export function hashSeed(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    // Split values above 32 bits so large ids still hash fully.
    const low = value >>> 0;
    const high = Math.floor(value / 0x1_0000_0000) >>> 0;
    h = Math.imul(h ^ low, 0x85ebca6b);
    h = (h << 13) | (h >>> 19);
    h = Math.imul(h ^ high, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes a string to a 32-bit seed (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator of uniform numbers in [0, 1) as a plain function (the same sequence as Random). */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A fresh 32-bit value, handy as the seed of a child generator. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Log-uniform in [min, max): a heavy tail where every order of magnitude is as likely. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }

  /** Index drawn from cumulative weights (ascending, last = total). */
  weighted(cumulative: Float64Array | readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const target = this.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Cumulative Zipf weights for `count` ranks: rank r has weight 1 / r^exponent. */
export function zipfCumulative(count: number, exponent = 1.05): Float64Array {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 1; rank <= count; rank++) {
    total += 1 / Math.pow(rank, exponent);
    cumulative[rank - 1] = total;
  }
  return cumulative;
}
