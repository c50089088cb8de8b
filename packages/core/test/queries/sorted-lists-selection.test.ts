import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '@fastintercom/fake-intercom';
import { median, percentile } from '../../src/queries/descriptive-statistics.js';
import { kthOfSorted, medianOfSorted, percentileOfSorted } from '../../src/queries/sorted-lists-selection.js';
import { mergeValueLists, valueCount, valueListOfSorted } from '../../src/queries/value-list.js';
import type { ValueList } from '../../src/queries/value-list.js';

/** Random sorted lists: some empty, some long, few distinct values at times (ties), negatives too. */
function randomLists(random: () => number, round: number): Float64Array[] {
  const listCount = 1 + Math.floor(random() * (round % 5 === 0 ? 60 : 8));
  const spread = round % 3 === 0 ? 4 : 100_000;
  return Array.from({ length: listCount }, () => {
    const length = random() < 0.2 ? 0 : Math.floor(random() * (round % 7 === 0 ? 400 : 30));
    return Float64Array.from({ length }, () => Math.floor(random() * spread) - spread / 10).sort();
  });
}

test('selection across value lists gives the median and nearest-rank percentiles of their union', () => {
  const random = seededRandom(11);
  let checked = 0;
  for (let round = 0; round < 400; round += 1) {
    const sorted = randomLists(random, round);
    const lists = sorted.map(valueListOfSorted);
    const union = sorted.flatMap((list) => [...list]);
    assert.equal(
      lists.reduce((count, list) => count + valueCount(list), 0),
      union.length,
    );
    assert.equal(medianOfSorted(lists, union.length), median(union), `median, round ${round}`);
    for (const q of [0.1, 0.5, 0.9, 0.99, 1]) {
      assert.equal(percentileOfSorted(lists, union.length, q), percentile(union, q), `p${q}, round ${round}`);
    }
    checked += union.length > 0 ? 1 : 0;
  }
  assert.ok(checked > 300);
});

test('every rank of the union, in order, is its sorted sequence', () => {
  const lists = [[1, 1, 4, 9], [], [-3, 1, 2, 9, 9], [5]].map((values) =>
    valueListOfSorted(Float64Array.from(values)),
  );
  assert.deepEqual([...lists[0]!.values], [1, 4, 9]);
  assert.deepEqual([...lists[0]!.ends!], [2, 3, 4]);
  assert.equal(lists[3]!.ends, undefined); // no repeats: no counts stored
  const ranks = Array.from({ length: 10 }, (_, k) => kthOfSorted(lists, k));
  assert.deepEqual(ranks, [-3, 1, 1, 1, 2, 4, 5, 9, 9, 9]);
  assert.equal(medianOfSorted([], 0), null);
});

test('merged value lists hold the union of their values, ties counted', () => {
  const random = seededRandom(12);
  for (let round = 0; round < 100; round += 1) {
    const sorted = randomLists(random, round);
    const merged: ValueList = mergeValueLists(sorted.map(valueListOfSorted));
    const expected = valueListOfSorted(Float64Array.from(sorted.flatMap((list) => [...list])).sort());
    assert.deepEqual([...merged.values], [...expected.values], `values, round ${round}`);
    assert.deepEqual(merged.ends && [...merged.ends], expected.ends && [...expected.ends], `ends ${round}`);
  }
});
