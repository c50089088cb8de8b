import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '@fastintercom/fake-intercom';
import {
  median,
  medianInPlace,
  percentile,
  percentileInPlace,
} from '../../src/queries/descriptive-statistics.js';

test('selection gives the same median and nearest-rank percentiles as sorting', () => {
  const random = seededRandom(7);
  for (let length = 0; length <= 300; length += 1) {
    // Few distinct values at some lengths: ties are where selection goes wrong.
    const spread = length % 3 === 0 ? 5 : 100_000;
    const values = Array.from({ length }, () => Math.floor(random() * spread) - spread / 10);
    assert.equal(medianInPlace(Float64Array.from(values)), median(values), `median of ${length}`);
    for (const q of [0.1, 0.5, 0.9, 0.99, 1]) {
      assert.equal(
        percentileInPlace(Float64Array.from(values), q),
        percentile(values, q),
        `p${q * 100} of ${length}`,
      );
    }
  }
});

test('the median and a percentile can be taken from the same array one after the other', () => {
  const values = Float64Array.from([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]);
  assert.equal(medianInPlace(values), 5.5);
  assert.equal(percentileInPlace(values, 0.9), 9);
  assert.equal(medianInPlace(values), 5.5);
});
