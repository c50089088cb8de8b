/**
 * Every failure a user can act on carries a stable `code` (the CLI maps it to an exit code, the MCP
 * server to an `isError` result) and a sentence that says what to do. Expected failures never need a
 * stack trace.
 */
export type FicErrorCode =
  | 'auth' // the token is missing or was rejected
  | 'permission' // the token works but lacks a permission an endpoint needs
  | 'rate_limited' // retries ran out against 429s
  | 'timeout' // the API did not answer in time, after retries
  | 'api' // the API answered with an error we cannot retry past
  | 'malformed_response' // the API answered something that does not parse as the spec says
  | 'network' // connection refused or reset, after retries
  | 'locked' // another sync holds the database
  | 'not_found' // an id, email or file that does not exist
  | 'invalid_input' // a bad flag, argument or query
  | 'config' // a bad setting
  | 'database' // the database file is unusable (and none of the codes below says why)
  | 'corrupt' // the database file is damaged or is not an SQLite database
  | 'disk_full' // the disk (or the database's size limit) has no room for a write
  | 'read_only' // the database file, its directory or its filesystem cannot be written
  | 'busy' // another connection (not a fic sync) held the database's write lock past the busy timeout
  | 'empty_database' // nothing synced yet
  | 'aborted'; // cancelled by the caller

export interface FicErrorOptions {
  cause?: unknown;
  /** Extra structured facts (status code, field path, pid...). Never secrets. */
  details?: Record<string, unknown>;
}

export class FicError extends Error {
  readonly code: FicErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: FicErrorCode, message: string, options: FicErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FicError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isFicError(error: unknown): error is FicError {
  return error instanceof FicError;
}
