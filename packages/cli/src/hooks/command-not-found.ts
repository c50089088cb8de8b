import * as Errors from '@oclif/core/errors';
import type { Hook } from '@oclif/core/hooks';
import { closestNames, didYouMean } from '../did-you-mean.js';
import { ExitCode } from '../exit-codes.js';
import { argvWantsJson, jsonError } from '../json-error.js';

/**
 * `fic nosuchcommand`: one stderr line naming the closest commands (gh's "did you mean"), exit 2; with
 * --json stdout also gets the one `{"error": ...}` object of every --json failure (`unknown_command`).
 */
// Not async (nothing to wait for): the rejection is the ExitError oclif turns into exit 2, silently.
const commandNotFound: Hook.CommandNotFound = function (options) {
  const typed = options.id.replaceAll(':', ' ');
  const commands = options.config.commandIDs.map((id) => id.replaceAll(':', ' '));
  const suggestions = closestNames(typed, commands);
  const message = `${typed} is not a fic command.${didYouMean(suggestions.map((name) => `fic ${name}`))}`;
  process.stderr.write(`Error: ${message}\nRun fic help for the list of commands.\n`);
  if (argvWantsJson(options.argv ?? [])) {
    const error = jsonError('unknown_command', message, ExitCode.usage, { command: typed, suggestions });
    process.stdout.write(`${JSON.stringify(error, null, 2)}\n`);
  }
  return Promise.reject(new Errors.ExitError(ExitCode.usage));
};

export default commandNotFound;
