import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyModel } from '../src/latency.js';

test('latency: median near the setting, p99 several times it, reproducible for a seed', () => {
  const draw = (seed: number): number[] => {
    const model = new LatencyModel(40, seed);
    return Array.from({ length: 20_000 }, () => model.nextDelayMs());
  };
  const delays = draw(1).sort((a, b) => a - b);
  const median = delays[delays.length / 2]!;
  const p99 = delays[Math.floor(delays.length * 0.99)]!;
  assert.ok(median > 36 && median < 44, `median ${median}`);
  assert.ok(p99 / median > 3 && p99 / median < 8, `p99/median ${p99 / median}`);
  assert.deepEqual(draw(7), draw(7));
  assert.equal(new LatencyModel(0, 1).nextDelayMs(), 0);
});
