/**
 * A set of ids that stays small for large listings: a reconciliation of the whole history lists every
 * conversation once, and a JS Set of a million id strings takes ~60 MB of heap. Intercom's conversation
 * ids are decimal numbers, so they are kept as doubles in a growable Float64Array (8 bytes each) and
 * sorted once before the first lookup; any other id goes to a plain Set.
 */
export class IdSet {
  #numbers = new Float64Array(1024);
  #count = 0;
  #sorted = true;
  readonly #others = new Set<string>();

  get size(): number {
    return this.#count + this.#others.size;
  }

  add(id: string): void {
    const number = numericId(id);
    if (number === undefined) {
      this.#others.add(id);
      return;
    }
    if (this.#count === this.#numbers.length) {
      const grown = new Float64Array(this.#numbers.length * 2);
      grown.set(this.#numbers);
      this.#numbers = grown;
    }
    if (this.#count > 0 && number < this.#numbers[this.#count - 1]!) this.#sorted = false;
    this.#numbers[this.#count++] = number;
  }

  has(id: string): boolean {
    const number = numericId(id);
    if (number === undefined) return this.#others.has(id);
    if (!this.#sorted) {
      this.#numbers.subarray(0, this.#count).sort();
      this.#sorted = true;
    }
    let low = 0;
    let high = this.#count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const value = this.#numbers[middle]!;
      if (value === number) return true;
      if (value < number) low = middle + 1;
      else high = middle;
    }
    return false;
  }
}

/** The id as a number when it is a canonical decimal that a double holds exactly, else undefined. */
function numericId(id: string): number | undefined {
  if (id.length === 0 || id.length > 15 || !/^(0|[1-9][0-9]*)$/.test(id)) return undefined;
  return Number(id);
}
