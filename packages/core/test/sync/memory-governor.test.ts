import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryGovernor } from '../../src/sync/memory-governor.js';

const MB = 1024 * 1024;

/** Neither busy nor idle: the thread leaves the decisions to memory. */
const STEADY = 0.75;

/** A governor whose samples are driven by hand, reading the RSS and the thread's load the test sets. */
function governed(
  limitMb: number,
  maxConcurrency: number,
): {
  governor: MemoryGovernor;
  setRss: (mb: number) => void;
  setBusy: (share: number) => void;
  samples: (count: number) => void;
  /** Every change announced: [concurrency, memoryPressure]. */
  changes: [number, boolean][];
} {
  let rss = 10 * MB;
  let busy = STEADY;
  const changes: [number, boolean][] = [];
  const governor = new MemoryGovernor({
    limitMb,
    maxConcurrency,
    onChange: (concurrency, memoryPressure) => changes.push([concurrency, memoryPressure]),
    intervalMs: 3_600_000,
    readRss: () => rss,
    readBusy: () => busy,
  });
  return {
    governor,
    setRss: (mb) => (rss = mb * MB),
    setBusy: (share) => (busy = share),
    samples: (count) => {
      for (let i = 0; i < count; i++) governor.sample();
    },
    changes,
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
    readBusy: () => STEADY,
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

test('a busy thread gets fewer requests in flight, down to a floor; an idle one gets them back fast', () => {
  const { governor, setBusy, samples, changes } = governed(100, 40);
  try {
    setBusy(0.97); // parsing and writing are the bottleneck
    samples(1);
    assert.equal(governor.concurrency, 20);
    samples(1);
    assert.equal(governor.concurrency, 10);
    samples(5);
    assert.equal(governor.concurrency, 8, 'never below the floor while busy');
    assert.deepEqual(changes, [
      [20, false],
      [10, false],
      [8, false],
    ]);
    setBusy(STEADY); // neither: one slot per sample
    samples(2);
    assert.equal(governor.concurrency, 10);
    setBusy(0.2); // waiting on the network
    samples(1);
    assert.equal(governor.concurrency, 15);
    samples(5);
    assert.equal(governor.concurrency, 40, 'never above the maximum');
  } finally {
    governor.stop();
  }
});

test('an idle thread gets no slots back while memory is high', () => {
  const { governor, setRss, setBusy, samples, changes } = governed(100, 32);
  try {
    setRss(85);
    samples(1);
    assert.equal(governor.concurrency, 16);
    assert.deepEqual(changes, [[16, true]], 'a cut for memory says so');
    setBusy(0.1);
    setRss(70); // between 60% and 80%: hold, however idle
    samples(5);
    assert.equal(governor.concurrency, 16);
  } finally {
    governor.stop();
  }
});

test('a busy floor above the maximum is the maximum', () => {
  const { governor, setBusy, samples } = governed(100, 4);
  try {
    setBusy(1);
    samples(3);
    assert.equal(governor.concurrency, 4);
  } finally {
    governor.stop();
  }
});
