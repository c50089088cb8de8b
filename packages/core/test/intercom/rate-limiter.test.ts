import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FicError, RateLimiter } from '@fastintercom/core';

/** Virtual time: sleeps are timers that `run()` fires in order, letting the promise callbacks run between. */
class VirtualClock {
  now = 0;
  #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;

  constructor(start: number) {
    this.now = start;
  }

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = { at: this.now + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(new Error('aborted'));
      });
    });

  async run(until: () => boolean): Promise<void> {
    await flush();
    while (!until()) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (next === undefined) throw new Error('deadlock: nothing scheduled');
      this.now = Math.max(this.now, next.at);
      next.resolve();
      await flush();
    }
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Intercom's rule: a budget per 10-second window aligned on Unix time; Reset is the window's end. */
class SimulatedIntercom {
  served = 0;
  rejected = 0;
  #window = -1;
  #used = 0;

  constructor(
    readonly perWindow: number,
    readonly clock: VirtualClock,
  ) {}

  receive(): Headers {
    const window = Math.floor(this.clock.now / 10_000);
    if (window !== this.#window) {
      this.#window = window;
      this.#used = 0;
    }
    const allowed = this.#used < this.perWindow;
    if (allowed) {
      this.#used += 1;
      this.served += 1;
    } else {
      this.rejected += 1;
    }
    return new Headers({
      'x-ratelimit-limit': String(this.perWindow * 6),
      'x-ratelimit-remaining': String(this.perWindow - this.#used),
      'x-ratelimit-reset': String((window + 1) * 10),
    });
  }
}

/** `workers` loops of acquire -> request -> update, with latencies spread over 80..300 ms. */
async function simulate(options: { perWindow: number; workers: number; start: number; windows: number }) {
  const clock = new VirtualClock(options.start);
  const server = new SimulatedIntercom(options.perWindow, clock);
  const limiter = new RateLimiter({ now: () => clock.now, sleep: clock.sleep });
  const end = options.start + options.windows * 10_000;
  let seed = 7;
  const latency = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 80 + (seed % 220);
  };
  let running = options.workers;
  const worker = async (): Promise<void> => {
    while (clock.now < end) {
      const ticket = await limiter.acquire();
      const half = latency() / 2;
      await clock.sleep(half);
      const headers = server.receive();
      await clock.sleep(half);
      limiter.update(headers, ticket);
    }
    running -= 1;
  };
  for (let i = 0; i < options.workers; i += 1) void worker();
  await clock.run(() => running === 0);
  return { server, elapsedWindows: (clock.now - options.start) / 10_000 };
}

describe('RateLimiter', () => {
  test('never waits while the server sends no rate limit', async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ now: () => now });
    for (let i = 0; i < 1000; i += 1) {
      await limiter.acquire();
      limiter.update(new Headers({ 'content-type': 'application/json' }));
      now += 1;
    }
    assert.equal(limiter.delayMs(), 0);
    assert.equal(limiter.snapshot().allowance, null);
    // "Limit 0" is how an unlimited server (the fake at rateLimitPerMinute 0) says it.
    limiter.update(
      new Headers({ 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000010' }),
    );
    assert.equal(limiter.delayMs(), 0);
  });

  test('with Remaining at 0, waits for the reset', () => {
    const now = 1_700_000_003_000;
    const limiter = new RateLimiter({ now: () => now });
    limiter.update(
      new Headers({
        'x-ratelimit-limit': '600',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1700000010',
      }),
    );
    assert.ok(limiter.delayMs() >= 7000, `waits until the reset, not ${limiter.delayMs()} ms`);
    assert.ok(limiter.delayMs() <= 7000 + 1000);
  });

  test('spends a whole busy workspace budget without a single 429 (10,000/min, 30 in flight)', async () => {
    const { server, elapsedWindows } = await simulate({
      perWindow: 1666,
      workers: 30,
      start: 1_700_000_003_700,
      windows: 6,
    });
    assert.equal(server.rejected, 0);
    const used = server.served / (server.perWindow * elapsedWindows);
    assert.ok(used >= 0.93, `used ${(used * 100).toFixed(1)}% of the budget`);
  });

  test('holds a tiny budget to the limit with many more workers than it allows', async () => {
    const { server, elapsedWindows } = await simulate({
      perWindow: 10,
      workers: 25,
      start: 1_700_000_000_000,
      windows: 5,
    });
    assert.equal(server.rejected, 0);
    assert.ok(server.served >= server.perWindow * Math.floor(elapsedWindows) * 0.9);
  });

  test('a cancelled wait rejects with FicError aborted and lets the others through', async () => {
    const clock = new VirtualClock(1_700_000_005_000);
    const limiter = new RateLimiter({ now: () => clock.now, sleep: clock.sleep });
    limiter.update(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000010' }));
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    const waiting = limiter.acquire();
    controller.abort();
    await assert.rejects(
      cancelled,
      (error: unknown) => error instanceof FicError && error.code === 'aborted',
    );
    let granted = false;
    void waiting.then(() => (granted = true));
    await clock.run(() => granted);
    assert.ok(clock.now >= 1_700_000_010_000, 'the other waited for the reset');
    await assert.rejects(limiter.acquire(AbortSignal.abort()), { code: 'aborted' });
  });
});
