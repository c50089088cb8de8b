import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyStats, median, percentile } from '../src/latency-stats.js';
import { ceilingConversationsPerSecond } from '../src/scenarios/realistic-sync.js';

test('percentiles are nearest-rank over the sorted samples', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  const stats = latencyStats(samples);
  assert.equal(stats.calls, 100);
  assert.equal(stats.p50Ms, 50);
  assert.equal(stats.p95Ms, 95);
  assert.equal(stats.p99Ms, 99);
  assert.equal(stats.maxMs, 100);
  assert.equal(stats.meanMs, 50.5);
  assert.equal(percentile([3], 0.95), 3);
  assert.ok(Number.isNaN(percentile([], 0.5)));
});

test('median averages the two middle values of an even count', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, 1, 3]), 3);
});

test('the rate-limit ceiling leaves one search page per 150 conversation fetches', () => {
  assert.equal(Math.round(ceilingConversationsPerSecond(10_000)! * 100) / 100, 165.56);
  assert.equal(ceilingConversationsPerSecond(0), null);
});
