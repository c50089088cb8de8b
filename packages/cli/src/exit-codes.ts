import * as Errors from '@oclif/core/errors';

/**
 * The exit codes scripts and cron can rely on. oclif's own parse errors already exit with `usage`.
 * 5 and 6 are kept for the sync's own outcomes; 7 and up say what is wrong with the database file.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  locked: 3,
  auth: 4,
  /** A sync finished, but fetches that keep failing are outstanding (each later sync retries them). */
  partial: 5,
  /** The token works but lacks a permission the command needs. */
  permission: 6,
  corrupt: 7,
  diskFull: 8,
  readOnly: 9,
  busy: 10,
} as const;

/** The codes as help texts list them. */
export const exitCodeSummary =
  '0 ok, 1 failed, 2 usage, 3 another sync holds the database, 4 the token was rejected, 5 a sync finished with conversations that keep failing (fic status lists them; the next sync retries them), 6 the token lacks a permission (fic init lists them), 7 the database file is damaged (or not a database), 8 the disk is full, 9 the database cannot be written, 10 another program keeps the database locked';

/** FicError.code -> exit code. */
export function exitCodeFor(code: string): number {
  switch (code) {
    case 'auth':
      return ExitCode.auth;
    case 'locked':
      return ExitCode.locked;
    case 'permission':
      return ExitCode.permission;
    case 'invalid_input':
      return ExitCode.usage;
    case 'corrupt':
      return ExitCode.corrupt;
    case 'disk_full':
      return ExitCode.diskFull;
    case 'read_only':
      return ExitCode.readOnly;
    case 'busy':
      return ExitCode.busy;
    default:
      return ExitCode.failed;
  }
}

export interface FicErrorLike extends Error {
  code: string;
  details?: Record<string, unknown>;
}

/**
 * Recognises core's FicError by shape rather than `instanceof`, so the check needs no import of core at
 * start-up and holds when two copies of core are loaded (dist and source in tests).
 */
export function isFicErrorLike(error: unknown): error is FicErrorLike {
  return (
    error instanceof Error &&
    error.name === 'FicError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** An error SQLite raised (better-sqlite3's SqliteError: `code` 'SQLITE_...'), which core did not map. */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}

/** A bad flag value or argument the parser could not catch: exits 2 with this message. */
export function usageError(message: string): Errors.CLIError {
  return new Errors.CLIError(message, { exit: ExitCode.usage });
}
