import * as Errors from '@oclif/core/errors';

/** The exit codes scripts and cron can rely on. oclif's own parse errors already exit with `usage`. */
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
} as const;

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

/** A bad flag value or argument the parser could not catch: exits 2 with this message. */
export function usageError(message: string): Errors.CLIError {
  return new Errors.CLIError(message, { exit: ExitCode.usage });
}
