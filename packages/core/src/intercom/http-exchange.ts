import { Cancellation, watchSignal } from './cancellation.js';
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
  init: {
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body: string | undefined;
    maxBodyBytes?: number;
  },
  options: { timeoutMs: number; signal: AbortSignal | undefined },
): Promise<Exchange> {
  const { signal } = options;
  const cancellation = new Cancellation();
  const unwatch = watchSignal(signal, cancellation);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancellation.cancel(timeoutError(options.timeoutMs));
  }, options.timeoutMs);
  try {
    const answer = await transport({ ...init, url, cancellation });
    return { ok: true, ...answer };
  } catch (error) {
    return { ok: false, status: null, timedOut: timedOut && signal?.aborted !== true, error };
  } finally {
    clearTimeout(timer);
    unwatch();
  }
}

function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`No complete answer within ${timeoutMs} ms.`), { name: 'TimeoutError' });
}
