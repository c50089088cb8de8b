import { setMaxListeners } from 'node:events';

/**
 * Cancels one HTTP request, on its timeout or its caller's abort. An AbortController (an EventTarget)
 * per request, linked to the caller's signals, cost several microseconds of the sync's main thread per
 * request; this is a plain object with one listener, and the caller's signal is shared (see `watchSignal`).
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
 * Cancels `cancellation` when `signal` aborts (at once when it already has), until the returned function
 * is called. A long-lived signal holds no reference to a request once it has been unwatched.
 */
export function watchSignal(signal: AbortSignal | undefined, cancellation: Cancellation): () => void {
  if (signal === undefined) return noop;
  if (signal.aborted) {
    cancellation.cancel(signal.reason);
    return noop;
  }
  const set = watching(signal);
  set.add(cancellation);
  return () => {
    set.delete(cancellation);
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
