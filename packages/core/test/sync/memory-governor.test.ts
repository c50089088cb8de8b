import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryGovernor } from '../../src/sync/memory-governor.js';

const MB = 1024 * 1024;

/** A governor whose samples are driven by hand, reading the RSS the test sets. */
function governed(
  limitMb: number,
  maxConcurrency: number,
): {
  governor: MemoryGovernor;
  setRss: (mb: number) => void;
  samples: (count: number) => void;
} {
  let rss = 10 * MB;
  const governor = new MemoryGovernor({
    limitMb,
    maxConcurrency,
    onChange: () => undefined,
    intervalMs: 3_600_000,
    readRss: () => rss,
  });
  return {
    governor,
    setRss: (mb) => (rss = mb * MB),
    samples: (count) => {
      for (let i = 0; i < count; i++) governor.sample();
    },
  };
}

test('rising memory near the limit halves the concurrency, down to the floor', () => {
  const { governor, setRss, samples } = governed(100, 32);
  try {
    assert.equal(governor.concurrency, 32);
    setRss(85); // above 80%
    samples(1);
    assert.equal(governor.concurrency, 16);
    setRss(87); // still rising a little, and cooling down: wait
    samples(1);
    assert.equal(governor.concurrency, 16);
    const seen: number[] = [];
    for (let mb = 92; mb <= 140; mb += 6) {
      setRss(mb);
      samples(4);
      seen.push(governor.concurrency);
    }
    assert.deepEqual(seen.slice(0, 4), [8, 4, 2, 2]);
    assert.equal(governor.concurrency, 2, 'never below the floor');
    assert.equal(governor.peakRssMb, 140);
  } finally {
    governor.stop();
  }
});

test('memory high but flat gives the work back after a hold; low memory recovers it', () => {
  const { governor, setRss, samples } = governed(100, 16);
  try {
    setRss(90);
    samples(1);
    assert.equal(governor.concurrency, 8);
    samples(5); // flat: the cut is being judged
    assert.equal(governor.concurrency, 8);
    samples(10);
    assert.ok(governor.concurrency > 8, 'a cut that freed nothing is undone');
    samples(20);
    assert.equal(governor.concurrency, 16, 'never above the maximum');

    setRss(97); // rising again: cut again
    samples(1);
    assert.equal(governor.concurrency, 8);
    setRss(70); // between 60% and 80%: hold
    samples(10);
    assert.equal(governor.concurrency, 8);
    setRss(40); // below 60%: one slot per sample
    samples(3);
    assert.equal(governor.concurrency, 11);
  } finally {
    governor.stop();
  }
});

test('high memory with little work in flight is not the work: no cut', () => {
  let inFlight = 1 * MB;
  let rss = 95 * MB;
  const governor = new MemoryGovernor({
    limitMb: 100,
    maxConcurrency: 16,
    onChange: () => undefined,
    intervalMs: 3_600_000,
    readRss: () => rss,
    inFlightBytes: () => inFlight,
  });
  try {
    assert.equal(governor.concurrency, 16);
    rss = 120 * MB;
    governor.sample();
    assert.equal(governor.concurrency, 16);
    inFlight = 30 * MB; // now the fetched pages are a real share of the limit
    rss = 130 * MB;
    governor.sample();
    assert.equal(governor.concurrency, 8);
  } finally {
    governor.stop();
  }
});
