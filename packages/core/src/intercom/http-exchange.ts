import { setMaxListeners } from 'node:events';
import type { HeaderLookup, HttpTransport } from './http-transport.js';

export type Exchange =
  | { ok: true; status: number; headers: HeaderLookup; text: string }
  /** No complete answer: `timedOut` tells a timeout from a network failure (or the caller's abort). */
  | { ok: false; status: number | null; timedOut: boolean; error: unknown };

/**
 * One HTTP request and its whole body, bounded by `timeoutMs` (reading the body included) and by the
 * caller's signal. Never throws: failures come back as `{ ok: false }` for the caller to classify.
 */
export async function exchange(
  transport: HttpTransport,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body: string | undefined },
  options: { timeoutMs: number; signal: AbortSignal | undefined },
): Promise<Exchange> {
  const { signal } = options;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const answer = await transport({ ...init, url, signal: controller.signal });
    return { ok: true, ...answer };
  } catch (error) {
    return { ok: false, status: null, timedOut: timedOut && signal?.aborted !== true, error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * One signal that aborts when any of the given ones does. Hand-linked (not AbortSignal.any) so that a
 * long-lived client signal holds no reference to finished requests once `dispose` has run.
 */
export function linkSignals(candidates: (AbortSignal | undefined)[]): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const signals = [...new Set(candidates)].filter((signal) => signal !== undefined);
  // Every request in flight listens on the shared client/sync signals until it settles (and then stops),
  // so dozens of listeners at once are expected, not a leak: lift Node's warning threshold of 10.
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
