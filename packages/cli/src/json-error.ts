/**
 * The one failure shape of every `fic ... --json` (docs/json.md): stdout carries exactly this object
 * and nothing else, whatever failed (a FicError, a flag the parser refused, an unknown command, a bug).
 * `details` is always present (an empty object when there is nothing to add) so a script can read
 * `error.details.x` without checking first.
 */
export interface JsonError {
  error: {
    code: string;
    message: string;
    exit_code: number;
    details: Record<string, unknown>;
  };
}

export function jsonError(
  code: string,
  message: string,
  exitCode: number,
  details: Record<string, unknown> = {},
): JsonError {
  return { error: { code, message, exit_code: exitCode, details } };
}

/** `--json` before a `--` (after it, it is an argument): oclif's own test, for where no command exists. */
export function argvWantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
