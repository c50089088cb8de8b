import { FicError, isFicError } from '../errors.js';

/**
 * Failures that belong to one item rather than to the run: after its retries, a conversation (or
 * contact) whose fetch still answers 5xx, times out, is refused with a 403, or comes back in a shape
 * the schemas reject is recorded and skipped, so one bad item never blocks the rest. Everything else
 * (the token, the rate limit, the network, a cancellation) stops the run.
 */
export function isItemFailure(error: unknown): error is FicError {
  if (!isFicError(error)) return false;
  switch (error.code) {
    case 'api':
    case 'timeout':
    case 'malformed_response':
      return true;
    case 'permission':
      // 401 is the token lacking a permission for the whole endpoint; a 403 can be this one item.
      return error.details.status === 403;
    default:
      return false;
  }
}

/** Item failures in a row, with nothing fetched in between, after which the run stops anyway. */
export const CONSECUTIVE_FAILURE_LIMIT = 20;

/**
 * Counts item failures in a row: when every fetch fails, the API is down, not one item bad, and the
 * run should stop (keeping what it wrote) instead of recording the whole workspace as failed.
 */
export class FailureStreak {
  #streak = 0;
  #total = 0;

  get total(): number {
    return this.#total;
  }

  succeeded(): void {
    this.#streak = 0;
  }

  /** Counts a failure; throws once `CONSECUTIVE_FAILURE_LIMIT` of them came in a row. */
  failed(error: FicError, what: string): void {
    this.#total += 1;
    this.#streak += 1;
    if (this.#streak >= CONSECUTIVE_FAILURE_LIMIT) {
      throw new FicError(
        error.code,
        `${CONSECUTIVE_FAILURE_LIMIT} ${what} fetches in a row failed, the last with: ${error.message}`,
        { cause: error, details: error.details },
      );
    }
  }
}
