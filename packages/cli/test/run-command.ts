import path from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ux } from '@oclif/core';

/** packages/cli: where oclif finds the CLI's package.json when a command runs in-process. */
export const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CommandOutput<T> {
  result: T;
  /** What the command printed through oclif (this.log, --json). */
  stdout: string;
}

/** A command class: its instances' run() gives T; the static run(argv, root) runs one. */
interface RunnableCommand<T> {
  prototype: { run(): Promise<T> };
  run(argv?: string[], root?: string): Promise<unknown>;
}

/**
 * Runs a command class in this process (`Command.run(argv)`), returning its result and what it printed.
 * Output is taken at oclif's `ux.stdout` seam, not process.stdout: node:test reports through this
 * process's stdout, and neither may disturb the other.
 */
export async function runCommand<T>(command: RunnableCommand<T>, argv: string[]): Promise<CommandOutput<T>> {
  let stdout = '';
  const original = ux.stdout;
  ux.stdout = (text?: string | string[], ...args: string[]): void => {
    stdout += `${Array.isArray(text) ? format(...text, ...args) : format(text ?? '', ...args)}\n`;
  };
  try {
    const result = (await command.run(argv, cliRoot)) as T;
    return { result, stdout };
  } finally {
    ux.stdout = original;
  }
}
