import { setMaxListeners } from 'node:events';

/**
 * Cancels one HTTP request, on its timeout or its caller's abort. An AbortController (an EventTarget)
 * per request, linked to the caller's signals, cost several microseconds of the sync's main thread per
 * request; this is a plain object with one listener, and caller signals are shared (see `watchSignals`).
 */
export class Cancellation {
  #reason: unknown;
  #cancelled = false;
  #listener: ((reason: unknown) => void) | undefined;

  get cancelled(): boolean {
    return this.#cancelled;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Cancels once (later calls do nothing) and tells the listener. */
  cancel(reason: unknown): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#reason = reason;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.(reason);
  }

  /** Sets the one listener, called once on cancel: at once when already cancelled. */
  onCancel(listener: (reason: unknown) => void): void {
    if (this.#cancelled) listener(this.#reason);
    else this.#listener = listener;
  }
}

/** The requests in flight on each caller signal: one 'abort' listener per signal, not one per request. */
const watchers = new WeakMap<AbortSignal, Set<Cancellation>>();

/**
 * Cancels `cancellation` when any of `signals` aborts (at once when one already has), until the returned
 * function is called. A long-lived signal holds no reference to a request once it has been unwatched.
 */
export function watchSignals(signals: readonly AbortSignal[], cancellation: Cancellation): () => void {
  if (signals.length === 0) return noop;
  for (const signal of signals) {
    if (signal.aborted) {
      cancellation.cancel(signal.reason);
      return noop;
    }
  }
  for (const signal of signals) watching(signal).add(cancellation);
  return () => {
    for (const signal of signals) watchers.get(signal)?.delete(cancellation);
  };
}

function watching(signal: AbortSignal): Set<Cancellation> {
  let set = watchers.get(signal);
  if (set === undefined) {
    const cancellations = new Set<Cancellation>();
    set = cancellations;
    watchers.set(signal, cancellations);
    setMaxListeners(0, signal); // callers share their signals widely; this adds one listener, not a leak
    signal.addEventListener(
      'abort',
      () => {
        watchers.delete(signal);
        for (const cancellation of cancellations) cancellation.cancel(signal.reason);
      },
      { once: true },
    );
  }
  return set;
}

function noop(): void {}
