import { setMaxListeners } from 'node:events';
import { Cancellation, watchSignals } from './cancellation.js';
import type { HeaderLookup, HttpTransport } from './http-transport.js';

export type Exchange =
  | { ok: true; status: number; headers: HeaderLookup; text: string }
  /** No complete answer: `timedOut` tells a timeout from a network failure (or the caller's abort). */
  | { ok: false; status: number | null; timedOut: boolean; error: unknown };

/**
 * One HTTP request and its whole body, bounded by `timeoutMs` (reading the body included) and by the
 * caller's signals. Never throws: failures come back as `{ ok: false }` for the caller to classify.
 */
export async function exchange(
  transport: HttpTransport,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body: string | undefined },
  options: { timeoutMs: number; signals: readonly AbortSignal[] },
): Promise<Exchange> {
  const { signals } = options;
  const cancellation = new Cancellation();
  const unwatch = watchSignals(signals, cancellation);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancellation.cancel(timeoutError(options.timeoutMs));
  }, options.timeoutMs);
  try {
    const answer = await transport({ ...init, url, cancellation });
    return { ok: true, ...answer };
  } catch (error) {
    return { ok: false, status: null, timedOut: timedOut && !anyAborted(signals), error };
  } finally {
    clearTimeout(timer);
    unwatch();
  }
}

/** The distinct signals among `candidates`, for `exchange` and `anyAborted`. */
export function distinctSignals(candidates: (AbortSignal | undefined)[]): AbortSignal[] {
  const signals: AbortSignal[] = [];
  for (const signal of candidates) {
    if (signal !== undefined && !signals.includes(signal)) signals.push(signal);
  }
  return signals;
}

export function anyAborted(signals: readonly AbortSignal[]): boolean {
  return signals.some((signal) => signal.aborted);
}

/**
 * One signal that aborts when any of the given ones does, for waits that take a single signal. Hand-linked
 * (not AbortSignal.any) so that a long-lived client signal holds no reference to a finished call once
 * `dispose` has run.
 */
export function linkSignals(signals: readonly AbortSignal[]): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  // Waits on the shared client/sync signals can be many at once: expected, not a leak.
  if (signals.length > 0) setMaxListeners(0, ...signals);
  if (signals.length <= 1) return { signal: signals[0], dispose: () => undefined };
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  for (const signal of signals) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const signal of signals) signal.removeEventListener('abort', abort);
    },
  };
}

function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`No complete answer within ${timeoutMs} ms.`), { name: 'TimeoutError' });
}
