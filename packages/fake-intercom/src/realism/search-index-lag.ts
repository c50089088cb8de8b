import { Random, hashSeed } from '../workspace/random.js';
import type { SearchState } from '../workspace/search-state.js';

/**
 * Search as a separate index that follows the record store late. Intercom documents minutes of delay for
 * new contacts, and connectors report conversation updates missed by incremental syncs
 * (REAL-API-BEHAVIOUR.md, "Search and paging"), so each change becomes visible to search only after a
 * seeded delay in [0, lag] seconds of clock time: changes show up late and out of order. Until then
 * search sees the record as it was last indexed (null: never indexed, so hidden).
 *
 * Only records with changes still pending are kept, so with no lag this costs nothing.
 */

interface Pending {
  /** What search sees now. */
  base: SearchState;
  /** Changes not yet visible, oldest first, each with the clock time it becomes visible. */
  entries: { state: SearchState; visibleAt: number }[];
}

export interface SearchIndexOptions {
  seed: number;
  /** Tells the conversation index from the contact index in the seeded delays. */
  salt: number;
  lagSeconds: number;
  /** Milliseconds. */
  clock: () => number;
}

export class LaggedSearchIndex {
  readonly #seed: number;
  readonly #salt: number;
  readonly #clock: () => number;
  readonly #pending = new Map<number, Pending>();
  readonly #held = new Set<number>();
  #lagSeconds: number;
  #changes = 0;
  #epoch = 0;

  constructor(options: SearchIndexOptions) {
    this.#seed = options.seed;
    this.#salt = options.salt;
    this.#clock = options.clock;
    this.#lagSeconds = options.lagSeconds;
  }

  get lagSeconds(): number {
    return this.#lagSeconds;
  }

  /** Changes made from now on take up to this long to reach search. */
  set lagSeconds(seconds: number) {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new RangeError('The lag must be a non-negative number.');
    this.#lagSeconds = seconds;
  }

  /** Moves whenever what search sees changes without the record store changing (caches compare it). */
  get epoch(): number {
    return this.#epoch;
  }

  /** A record changed from `before` to `after`; `immediate` changes (contact merges) skip the lag. */
  record(key: number, before: SearchState, after: SearchState, immediate = false): void {
    this.#changes++;
    if (immediate) {
      if (this.#pending.delete(key)) this.#epoch++;
      return;
    }
    const now = this.#clock();
    const draw = new Random(hashSeed(this.#seed, this.#salt, key, this.#changes)).next();
    const visibleAt = now + Math.round(draw * this.#lagSeconds * 1000);
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      // Visible at once and nothing older pending: search already agrees with the record store.
      if (visibleAt <= now && !this.#held.has(key)) return;
      pending = { base: before, entries: [] };
      this.#pending.set(key, pending);
    }
    pending.entries.push({ state: after, visibleAt });
  }

  /** Keeps these records' changes, pending now or made later, invisible until flush(). */
  hold(keys: Iterable<number>): void {
    for (const key of keys) this.#held.add(key);
    this.#epoch++;
  }

  /** Makes every pending change visible now and releases every hold. */
  flush(): void {
    this.#pending.clear();
    this.#held.clear();
    this.#epoch++;
  }

  /** How many records search sees differently from the record store. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * The records search sees differently from the record store, each with what it sees. A record whose
   * latest change has become visible is dropped (search agrees with the store again); a later change
   * made visible before an earlier one wins, as the later write would in a real index.
   */
  view(): ReadonlyMap<number, SearchState> {
    const now = this.#clock();
    const view = new Map<number, SearchState>();
    for (const [key, pending] of this.#pending) {
      if (!this.#held.has(key)) {
        let latest = -1;
        pending.entries.forEach((entry, position) => {
          if (entry.visibleAt <= now) latest = position;
        });
        if (latest === pending.entries.length - 1) {
          this.#pending.delete(key);
          this.#epoch++;
          continue;
        }
        if (latest >= 0) {
          pending.base = pending.entries[latest]?.state ?? pending.base;
          pending.entries.splice(0, latest + 1);
          this.#epoch++;
        }
      }
      view.set(key, pending.base);
    }
    return view;
  }
}
