/** Order statistics over seconds and ratings; null for no values. */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: the ceil(q × n)-th smallest value. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

export function average(values: readonly number[], digits = 2): number | null {
  if (values.length === 0) return null;
  const factor = 10 ** digits;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * factor) / factor;
}

/** median() of values already sorted ascending (no copy, no sort). */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  const middle = Math.floor(count / 2);
  return count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** percentile() of values already sorted ascending (no copy, no sort). */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** average() from the values' sum and count. */
export function averageOfSum(sum: number, count: number, digits = 2): number | null {
  if (count === 0) return null;
  const factor = 10 ** digits;
  return Math.round((sum / count) * factor) / factor;
}
