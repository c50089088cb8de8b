import { performance } from 'node:perf_hooks';

export interface MemoryGovernorOptions {
  /** The RSS the process should stay under, in MB. */
  readonly limitMb: number;
  /** The concurrency to start with and recover to. */
  readonly maxConcurrency: number;
  /** Never shrink below this. Default 2. */
  readonly minConcurrency?: number;
  /**
   * Called whenever the allowed concurrency changes; `memoryPressure` tells a cut for memory (the caller
   * may hold less work in other ways too) from one sized to a busy thread.
   */
  readonly onChange: (concurrency: number, memoryPressure: boolean) => void;
  /** How often to sample RSS, in ms. Default 500. */
  readonly intervalMs?: number;
  /** Reads RSS in bytes. Default `process.memoryUsage.rss`. */
  readonly readRss?: () => number;
  /**
   * Bytes the in-flight work holds (fetched, not yet written). When given, the governor cuts only while
   * that is a real share of the limit: otherwise the memory is not the work's, and starving the sync
   * would free nothing.
   */
  readonly inFlightBytes?: () => number;
  /**
   * The share of the time since the last call (0..1) that this thread was busy. Default: the event loop's
   * utilization (`performance.eventLoopUtilization`).
   */
  readonly readBusy?: () => number;
}

/** Above this share of the limit, growing memory makes the governor halve the in-flight work... */
const SHRINK_AT = 0.8;
/** ...and below this share it gives one slot back per sample. */
const GROW_BELOW = 0.6;
/** Growth (share of the limit) since the last cut that counts as "still rising". */
const RISE = 0.05;
/** Share of the limit the in-flight work must hold for a cut to be worth it. */
const SIGNIFICANT_WORK = 0.05;
/** Samples to wait after a cut before judging it: the garbage collector needs a moment to show it. */
const COOLDOWN_SAMPLES = 4;
/** Samples of high but flat memory after which the cut is judged useless and work is given back. */
const HOLD_SAMPLES = 10;
/** A thread busy this share of a sample is the bottleneck: more requests in flight would only wait... */
const BUSY = 0.9;
/** ...and then the concurrency is halved down to this many (what keeps a busy thread fed)... */
const BUSY_FLOOR = 8;
/** ...while a thread idle this share of a sample is waiting on the network: slots come back fast. */
const IDLE = 0.6;

/**
 * Keeps a sync's memory in check: samples RSS and, when it nears the limit and is still rising, halves the
 * detail queue's concurrency (fast); once it is well below the limit, gives slots back one per sample
 * (slow, so it does not oscillate). RSS high but flat means the memory is not the in-flight work's (the
 * runtime, the HTTP stack and SQLite's cache keep what they took): after a hold the governor gives the
 * work back instead of starving the sync for nothing, and cuts again only if memory rises anew. Given
 * the size of the in-flight work, it cuts only when that work is big enough to matter.
 *
 * It also sizes the work to the thread: when the event loop was busy nearly all of a sample (an API that
 * answers fast, so parsing and writing are the bottleneck), requests beyond a few only wait, their
 * buffers and promises outliving young-generation collections (peak RSS and GC time both grow with
 * them), so it halves the concurrency down to `BUSY_FLOOR`; when the loop idles (network-bound, e.g. a
 * rate-limited API with real latency, where ~35 in flight are needed) it gives the slots back fast.
 * Also tracks the peak RSS for the run record.
 */
export class MemoryGovernor {
  readonly #limitBytes: number;
  readonly #max: number;
  readonly #min: number;
  readonly #onChange: (concurrency: number, memoryPressure: boolean) => void;
  readonly #readRss: () => number;
  readonly #inFlightBytes: (() => number) | undefined;
  readonly #readBusy: () => number;
  readonly #timer: NodeJS.Timeout;
  #concurrency: number;
  #peakRss = 0;
  #cooldown = 0;
  /** RSS at the last cut; undefined while memory is not under pressure. */
  #rssAtCut: number | undefined;
  #flatSamples = 0;

  constructor(options: MemoryGovernorOptions) {
    this.#limitBytes = options.limitMb * 1024 * 1024;
    this.#max = Math.max(1, options.maxConcurrency);
    this.#min = Math.min(this.#max, options.minConcurrency ?? 2);
    this.#concurrency = this.#max;
    this.#onChange = options.onChange;
    this.#readRss = options.readRss ?? (() => process.memoryUsage.rss());
    this.#inFlightBytes = options.inFlightBytes;
    this.#readBusy = options.readBusy ?? eventLoopBusy();
    this.sample();
    this.#timer = setInterval(() => this.sample(), options.intervalMs ?? 500);
    this.#timer.unref();
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  get peakRssMb(): number {
    return Math.round((this.#peakRss / (1024 * 1024)) * 10) / 10;
  }

  /** Takes one sample and adjusts; the timer calls it, tests may too. */
  sample(): void {
    const rss = this.#readRss();
    const busy = this.#readBusy();
    if (rss > this.#peakRss) this.#peakRss = rss;
    if (this.#cooldown > 0) this.#cooldown--;
    if (rss > this.#limitBytes * SHRINK_AT) {
      this.#underPressure(rss);
      return;
    }
    const memoryLow = rss < this.#limitBytes * GROW_BELOW;
    if (memoryLow) this.#rssAtCut = undefined;
    if (busy >= BUSY) {
      const floor = Math.min(this.#max, BUSY_FLOOR);
      if (this.#concurrency > floor) this.#set(Math.max(floor, Math.floor(this.#concurrency / 2)));
    } else if (memoryLow) {
      this.#set(busy < IDLE ? Math.ceil(this.#concurrency * 1.5) : this.#concurrency + 1);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }

  #underPressure(rss: number): void {
    const rising = this.#rssAtCut === undefined || rss > this.#rssAtCut + this.#limitBytes * RISE;
    const worthIt =
      this.#inFlightBytes === undefined || this.#inFlightBytes() >= this.#limitBytes * SIGNIFICANT_WORK;
    if (rising && worthIt) {
      if (this.#cooldown > 0) return;
      this.#rssAtCut = rss;
      this.#cooldown = COOLDOWN_SAMPLES;
      this.#flatSamples = 0;
      this.#set(Math.floor(this.#concurrency / 2));
    } else if (++this.#flatSamples >= HOLD_SAMPLES) {
      this.#set(this.#concurrency + 1);
    }
  }

  #set(concurrency: number): void {
    const next = Math.min(this.#max, Math.max(this.#min, concurrency));
    if (next === this.#concurrency) return;
    this.#concurrency = next;
    this.#onChange(next, this.#rssAtCut !== undefined);
  }
}

/** Reads the event loop's utilization since the previous read. */
function eventLoopBusy(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return Number.isFinite(share) ? share : 0;
  };
}
