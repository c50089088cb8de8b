import * as Errors from '@oclif/core/errors';
import { ExitCode } from './exit-codes.js';

/**
 * A flag value the command cannot use (a date no calendar has, a date in the future): exits 2 with one
 * `Error: <reason>` line, like a FicError, instead of oclif's wrapped "Parsing --flag" block. oclif
 * rewrites the message of an error thrown while parsing; `reason` keeps the sentence.
 */
export class FlagValueError extends Errors.CLIError {
  readonly reason: string;

  constructor(reason: string) {
    super(reason, { exit: ExitCode.usage });
    this.reason = reason;
  }
}
