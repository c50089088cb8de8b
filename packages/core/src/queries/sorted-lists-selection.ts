import { countUpTo } from './value-list.js';
import type { ValueList } from './value-list.js';

/**
 * Order statistics over the union of value lists (value-list.ts), without copying or sorting them: the
 * rollups keep every bucket's values sorted, so a period's median is the k-th smallest across its
 * buckets' lists. The answers equal median() and percentile() of descriptive-statistics.ts over the
 * concatenated values (they pick the same values, and the median of an even count averages the same
 * two).
 */

/** median() of the union of `lists`, which hold `count` values in all. */
export function medianOfSorted(lists: readonly ValueList[], count: number): number | null {
  if (count === 0) return null;
  const middle = Math.floor(count / 2);
  const { value: upper, below } = select(lists, middle);
  if (count % 2 === 1) return upper;
  // The lower middle is the upper one when enough values tie with it, else the largest value below it:
  // one bisection per list instead of a second selection.
  if (below <= middle - 1) return upper;
  let lower = -Infinity;
  for (const { values } of lists) {
    const index = lowerBound(values, 0, values.length, upper);
    if (index > 0) lower = Math.max(lower, values[index - 1]!);
  }
  return (lower + upper) / 2;
}

/** percentile() (nearest rank: the ceil(q × n)-th smallest) of the union of `lists`. */
export function percentileOfSorted(lists: readonly ValueList[], count: number, q: number): number | null {
  if (count === 0) return null;
  return kthOfSorted(lists, Math.max(0, Math.ceil(q * count) - 1));
}

/** The k-th smallest (0-based) of the union of the lists; k must be below their total count. */
export function kthOfSorted(lists: readonly ValueList[], k: number): number {
  return select(lists, k).value;
}

/**
 * kthOfSorted's value, and how many values of the union are below it. Each round takes the middle
 * distinct value of the widest remaining window as the pivot, counts the values below and up to it in
 * every window by bisection (counts from `ends`), and keeps the side holding the answer: the widest
 * window at least halves, so a round costs lists × log(length) and there are about log(total) rounds.
 * Lists whose window empties drop out.
 */
function select(lists: readonly ValueList[], k: number): { value: number; below: number } {
  const active = lists.filter((list) => list.values.length > 0);
  const low = new Int32Array(active.length);
  const high = Int32Array.from(active, (list) => list.values.length);
  const below = new Int32Array(active.length);
  const upTo = new Int32Array(active.length);
  let size = active.length;
  let rank = k;
  let discarded = 0; // values dropped below every window, all smaller than the answer
  for (;;) {
    let widest = 0;
    for (let index = 1; index < size; index += 1) {
      if (high[index]! - low[index]! > high[widest]! - low[widest]!) widest = index;
    }
    const pivot = active[widest]!.values[(low[widest]! + high[widest]!) >>> 1]!;
    let less = 0;
    let notGreater = 0;
    for (let index = 0; index < size; index += 1) {
      const list = active[index]!;
      const values = list.values;
      const from = low[index]!;
      const first = lowerBound(values, from, high[index]!, pivot);
      const after = first < high[index]! && values[first] === pivot ? first + 1 : first;
      below[index] = first;
      upTo[index] = after;
      const start = countUpTo(list, from);
      less += countUpTo(list, first) - start;
      notGreater += countUpTo(list, after) - start;
    }
    if (rank < notGreater && rank >= less) return { value: pivot, below: discarded + less };
    const left = rank < less;
    if (!left) {
      rank -= notGreater;
      discarded += notGreater;
    }
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
function lowerBound(list: Float64Array | Int32Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
