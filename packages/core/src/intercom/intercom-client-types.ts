import type { FicErrorCode } from '../errors.js';
import type { HttpTransport } from './http-transport.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryReason } from './request-errors.js';

export interface IntercomClientOptions {
  /** e.g. https://api.intercom.io (see REGION_API_URLS). */
  baseUrl: string;
  token: string;
  /** Intercom-Version header. Default '2.16'. */
  apiVersion?: string;
  /** Per attempt, including reading the body. Default 30,000. */
  timeoutMs?: number;
  /** Retries after the first attempt, on 429, 5xx, resets, timeouts and malformed answers. Default 3. */
  retryCount?: number;
  /** First backoff step (then doubling, fully jittered). Default 500; tests pass a few ms. */
  retryBaseDelayMs?: number;
  /** Cap of one backoff step. Default 20,000. */
  retryMaxDelayMs?: number;
  /** Longest single wait honoured from X-RateLimit-Reset / Retry-After on a 429 before retrying. Default 60,000. */
  maxRateLimitWaitMs?: number;
  /**
   * A rate-limit wait longer than this (a 429 whose reset is that far away, or a budget spent until then)
   * fails the request with FicError('rate_limited') instead of waiting. Default 120,000.
   */
  longestRateLimitWaitMs?: number;
  /** Sends the requests. Default: node:http(s) keep-alive connections (`nodeHttpTransport`). */
  transport?: HttpTransport;
  /** When given (and no `transport`), requests go through this fetch instead (tests shape answers with it). */
  fetch?: typeof fetch;
  /** Shared pacing for every request of this client. Default: a new RateLimiter on the same clock. */
  rateLimiter?: RateLimiter;
  onEvent?: (event: ClientEvent) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
}

export type ClientEvent =
  | { type: 'request'; endpoint: string; attempt: number; status: number | null; durationMs: number }
  | {
      type: 'retry';
      endpoint: string;
      attempt: number;
      reason: RetryReason;
      status: number | null;
      delayMs: number;
    }
  | { type: 'rate_limited'; endpoint: string; attempt: number; waitMs: number }
  | { type: 'error'; endpoint: string; code: FicErrorCode; message: string };

export interface ClientStats {
  /** Every attempt sent, retries included. */
  requests: number;
  retries: number;
  /** 429 answers. */
  rateLimited: number;
  /** Requests that failed for good (not counting cancellations). */
  errors: number;
}

export interface RequestOptions {
  /** Cancels the request, its waits included (FicError 'aborted'). */
  signal?: AbortSignal;
  /**
   * An answer longer than this fails at once, unread and not retried: FicError 'api' with
   * `details.tooLarge` (a listing then asks for smaller pages). Default 256 MB.
   */
  maxBodyBytes?: number;
}
