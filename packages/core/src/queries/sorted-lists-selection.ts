/**
 * Order statistics over the union of sorted lists, without copying or sorting them: the rollups keep
 * every bucket's values sorted, so a period's median is the k-th smallest across its buckets' lists.
 * The answers equal median() and percentile() of descriptive-statistics.ts over the concatenated
 * values (they pick the same values, and the median of an even count averages the same two).
 */

/** median() of the union of `lists` (each sorted ascending), which hold `count` values in all. */
export function medianOfSorted(lists: readonly Float64Array[], count: number): number | null {
  if (count === 0) return null;
  const middle = Math.floor(count / 2);
  const upper = kthOfSorted(lists, middle);
  return count % 2 === 1 ? upper : (kthOfSorted(lists, middle - 1) + upper) / 2;
}

/** percentile() (nearest rank: the ceil(q × n)-th smallest) of the union of sorted `lists`. */
export function percentileOfSorted(lists: readonly Float64Array[], count: number, q: number): number | null {
  if (count === 0) return null;
  return kthOfSorted(lists, Math.max(0, Math.ceil(q * count) - 1));
}

/**
 * The k-th smallest (0-based) of the union of sorted lists; k must be below their total length. Each
 * round takes the middle of the widest remaining window as the pivot, counts the values below and up to
 * it in every window by bisection, and keeps the side holding the answer: the widest window at least
 * halves, so a round costs lists × log(length) and there are about log(total) rounds. Lists whose
 * window empties drop out, so a year of buckets costs well under a millisecond.
 */
export function kthOfSorted(lists: readonly Float64Array[], k: number): number {
  const active = lists.filter((list) => list.length > 0);
  const low = new Int32Array(active.length);
  const high = Int32Array.from(active, (list) => list.length);
  const below = new Int32Array(active.length);
  const upTo = new Int32Array(active.length);
  let size = active.length;
  let rank = k;
  for (;;) {
    let widest = 0;
    for (let index = 1; index < size; index += 1) {
      if (high[index]! - low[index]! > high[widest]! - low[widest]!) widest = index;
    }
    const pivot = active[widest]![(low[widest]! + high[widest]!) >>> 1]!;
    let less = 0;
    let notGreater = 0;
    for (let index = 0; index < size; index += 1) {
      const list = active[index]!;
      const first = lowerBound(list, low[index]!, high[index]!, pivot);
      const after = upperBound(list, first, high[index]!, pivot);
      below[index] = first;
      upTo[index] = after;
      less += first - low[index]!;
      notGreater += after - low[index]!;
    }
    if (rank < notGreater && rank >= less) return pivot;
    const left = rank < less;
    if (!left) rank -= notGreater;
    // Narrow every window to the side holding the answer, dropping emptied ones (kept in place).
    let kept = 0;
    for (let index = 0; index < size; index += 1) {
      const from = left ? low[index]! : upTo[index]!;
      const to = left ? below[index]! : high[index]!;
      if (from === to) continue;
      active[kept] = active[index]!;
      low[kept] = from;
      high[kept] = to;
      kept += 1;
    }
    size = kept;
  }
}

/** The first index in [from, to) whose value is >= value (to if none). */
function lowerBound(list: Float64Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in [from, to) whose value is > value (to if none). */
function upperBound(list: Float64Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
