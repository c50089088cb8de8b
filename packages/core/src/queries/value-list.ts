/**
 * A multiset of seconds as its distinct values, ascending, and for each how many values are at most it
 * (`ends`, cumulative counts, only when some value repeats). The rollups store value lists this way: a bucket's bytes grow with its
 * distinct values, not its conversations (measured on the scaling bench's copies, whose values repeat,
 * a month's bytes stop growing; real seconds repeat less, so there they grow sublinearly), and a rank is
 * a bisection on `ends`.
 */
export interface ValueList {
  /** Int32 when read from a rollup whose values are whole seconds (rollup-codec.ts), else float64. */
  values: Float64Array | Int32Array;
  /** Absent when no value repeats (ends[i] = i + 1): all-distinct lists cost no more than the values. */
  ends?: Float64Array | Int32Array | undefined;
}

/** How many values the list holds. */
export function valueCount(list: ValueList): number {
  return countUpTo(list, list.values.length);
}

/** How many of the list's values are at indexes below `index` (its values up to values[index - 1]). */
export function countUpTo(list: ValueList, index: number): number {
  if (index === 0) return 0;
  return list.ends === undefined ? index : list.ends[index - 1]!;
}

/** The list of sorted values (ascending; ties adjacent). */
export function valueListOfSorted(sorted: Float64Array): ValueList {
  let distinct = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) distinct += 1;
  }
  if (distinct === sorted.length) return { values: sorted };
  const values = new Float64Array(distinct);
  const ends = new Float64Array(distinct);
  let at = -1;
  for (let index = 0; index < sorted.length; index += 1) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) values[(at += 1)] = sorted[index]!;
    ends[at] = index + 1;
  }
  return { values, ends };
}

/** One list holding the values of `lists`: pairwise merges, so n log(lists) for n distinct values. */
export function mergeValueLists(lists: readonly ValueList[]): ValueList {
  let round = lists.filter((list) => list.values.length > 0);
  if (round.length === 0) return { values: new Float64Array(0) };
  while (round.length > 1) {
    const next: ValueList[] = [];
    for (let index = 0; index < round.length; index += 2) {
      next.push(index + 1 < round.length ? mergeTwo(round[index]!, round[index + 1]!) : round[index]!);
    }
    round = next;
  }
  return round[0]!;
}

function mergeTwo(a: ValueList, b: ValueList): ValueList {
  const values = new Float64Array(a.values.length + b.values.length);
  const ends = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let size = 0;
  let total = 0;
  const countOf = (list: ValueList, index: number): number =>
    countUpTo(list, index + 1) - countUpTo(list, index);
  while (i < a.values.length || j < b.values.length) {
    const fromA = j >= b.values.length || (i < a.values.length && a.values[i]! <= b.values[j]!);
    const value = fromA ? a.values[i]! : b.values[j]!;
    let count = 0;
    if (i < a.values.length && a.values[i] === value) count += countOf(a, i++);
    if (j < b.values.length && b.values[j] === value) count += countOf(b, j++);
    total += count;
    values[size] = value;
    ends[size] = total;
    size += 1;
  }
  if (size === total) return { values: values.subarray(0, size) };
  return { values: values.subarray(0, size), ends: ends.subarray(0, size) };
}
