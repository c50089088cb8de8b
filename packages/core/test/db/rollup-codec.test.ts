import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRollup, encodeRollup } from '../../src/db/rollup-codec.js';
import type { GroupStatistics } from '../../src/queries/period-group-statistics.js';
import { valueListOfSorted } from '../../src/queries/value-list.js';
import type { ValueList } from '../../src/queries/value-list.js';

function statistics(key: string | null, first: number[][], close: number[][]): GroupStatistics {
  const lists = (values: number[][]): ValueList[] =>
    values.map((list) => valueListOfSorted(Float64Array.from(list).sort()));
  return { row: [key, 5, 3, 1, 2, 9], firstResponses: lists(first), closeTimes: lists(close) };
}

/** The values of a decoded list, one per occurrence. */
function expand(list: ValueList): number[] {
  const values: number[] = [];
  list.values.forEach((value, index) => {
    const before = index === 0 ? 0 : (list.ends?.[index - 1] ?? index);
    const upTo = list.ends?.[index] ?? index + 1;
    for (let count = before; count < upTo; count += 1) values.push(value);
  });
  return values;
}

for (const [name, values, int32] of [
  [
    'whole seconds, repeated: int32 lists with counts',
    [
      [60, 60, 5],
      [7, 60],
    ],
    true,
  ],
  [
    'fractions and values beyond int32: float64 lists',
    [
      [0.5, 3],
      [2 ** 40, -1],
    ],
    false,
  ],
] as const) {
  test(`a rollup row round-trips: ${name}`, () => {
    const groups = [
      statistics(
        null,
        values.map((list) => [...list]),
        [[1, 2, 3]],
      ),
      statistics('a1', [[]], [[4, 4, 4], [9]]),
    ];
    const row = encodeRollup(groups);
    // The format number leads the bytes: 1 for int32 lists.
    assert.equal(row.seconds.readDoubleLE(0), int32 ? 1 : 0);
    // An unaligned copy of the bytes decodes the same (better-sqlite3 may hand out any offset).
    const unaligned = Buffer.alloc(row.seconds.length + 1).subarray(1);
    row.seconds.copy(unaligned);
    for (const seconds of [row.seconds, unaligned]) {
      const decoded = decodeRollup({ groups: row.groups, seconds });
      assert.deepEqual(
        decoded.map((group) => group.row),
        groups.map((group) => group.row),
      );
      assert.deepEqual(
        decoded.map((group) => [expand(group.firstResponses[0]!), expand(group.closeTimes[0]!)]),
        [
          [values.flat().sort((a, b) => a - b), [1, 2, 3]],
          [[], [4, 4, 4, 9]],
        ],
      );
    }
  });
}
