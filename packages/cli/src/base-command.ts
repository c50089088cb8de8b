import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { ux } from '@oclif/core/ux';
import type { ConfigSource, FicConfig, FicDatabase } from '@fastintercom/core';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import { closestNames, didYouMean } from './did-you-mean.js';
import { ExitCode, exitCodeFor, isFicErrorLike, isSqliteError } from './exit-codes.js';
import type { FicErrorLike } from './exit-codes.js';
import { FlagValueError } from './flag-value-error.js';
import { terminalSafeJson, terminalText } from './format/terminal-text.js';
import { jsonError } from './json-error.js';
import { isRejectedToken, rejectedTokenAdvice } from './token-advice.js';
import type { TokenOrigin } from './token-advice.js';

interface KnownFailure {
  code: string;
  message: string;
  details: Record<string, unknown>;
  /** When not the code's own (a parse error keeps oclif's). */
  exitCode?: number;
}

/**
 * oclif's parse errors (unknown flag, missing argument) carry the parse they failed; a flag value its
 * parser refused (and our usageError) is a CLIError exiting 2.
 */
function isParseError(error: Error): error is Error & { oclif?: { exit?: number }; flags?: string[] } {
  const { parse, oclif } = error as { parse?: unknown; oclif?: { exit?: number } };
  return parse !== undefined || oclif?.exit === ExitCode.usage;
}

export interface ResolvedConfig {
  config: Readonly<FicConfig>;
  sources: Record<keyof FicConfig, ConfigSource>;
}

/**
 * What every `fic` command shares: `--json` (the returned result is printed), `--db`, the effective
 * configuration (flags > env > config file > defaults), the databases it opened (closed in `finally`),
 * and one clear stderr line plus a stable exit code for every FicError (see exit-codes.ts).
 *
 * Everything a command prints for people passes through terminalText on the way out (`log` and the
 * error line), so text from the workspace cannot drive the terminal; `--json` keeps the exact text, with
 * the characters a terminal would still act on written as JSON escapes.
 *
 * Nothing heavy is imported at module level: oclif loads every command file to list them, and
 * `fic --version` must start in milliseconds. Core is imported where it is needed: commands that only
 * read use `@fastintercom/core/read` and `@fastintercom/core/queries`, which load no query builder,
 * Intercom client or sync engine; `@fastintercom/core` (everything) is for those that sync.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    db: Flags.string({
      summary: 'SQLite database file.',
      description:
        'Default: FASTINTERCOM_DB_PATH, then "dbPath" in ~/.fastintercom/config.json, then ~/.fastintercom/data.db.',
      helpGroup: 'GLOBAL',
    }),
  };

  #databases: FicDatabase[] = [];
  /** The configured database path, for naming it when SQLite fails on it. */
  #dbPath: string | undefined;
  #exitCode = 0;
  /** Where the token came from, for the advice when Intercom rejects it. */
  protected tokenOrigin: TokenOrigin | undefined;

  /** The effective configuration; `flags` holds values given on the command line (undefined = not given). */
  protected async loadConfig(flags: Partial<FicConfig> = {}): Promise<ResolvedConfig> {
    const { defaultConfigPath, readConfigFile, resolveConfig } = await import('@fastintercom/core/read');
    const given = Object.fromEntries(
      Object.entries(flags).filter(([, value]) => value !== undefined),
    ) as Partial<FicConfig>;
    const file = readConfigFile();
    const resolved = resolveConfig({ flags: given, env: process.env, file });
    this.#dbPath = resolved.config.dbPath;
    const source = resolved.sources.accessToken;
    const configPath = defaultConfigPath();
    if (source === 'env') {
      this.tokenOrigin ??= file.accessToken ? { from: 'env', storedTokenPath: configPath } : { from: 'env' };
    } else if (source === 'file') {
      this.tokenOrigin ??= { from: 'file', configPath };
    }
    return resolved;
  }

  /**
   * Opens a database read-only; `finally` closes it. Queries and status never create or migrate a
   * file (a missing one is FicError 'not_found' saying to run fic sync); syncs open their own.
   */
  protected async openDatabase(dbPath: string): Promise<FicDatabase> {
    const { openDatabase } = await import('@fastintercom/core/read');
    const database = await openDatabase(dbPath, { readonly: true });
    this.#databases.push(database);
    return database;
  }

  /** The configured database (--db, else FASTINTERCOM_DB_PATH, the config file, the default), read-only. */
  protected async openConfiguredDatabase(
    dbFlag: string | undefined,
  ): Promise<{ database: FicDatabase; config: Readonly<FicConfig> }> {
    const { config } = await this.loadConfig({ dbPath: dbFlag });
    return { database: await this.openDatabase(config.dbPath), config };
  }

  /** Human output: terminal controls in the text are removed (renderers already made cells one line). */
  override log(message = '', ...args: unknown[]): void {
    super.log(terminalText(message), ...args);
  }

  override logJson(json: unknown): void {
    ux.stdout(terminalSafeJson(ux.colorizeJson(json, { pretty: true, theme: this.config.theme?.json })));
  }

  /** Ends the command with this exit code after its result is printed (a failed check still shows its report). */
  protected failAfterOutput(exitCode: number): void {
    this.#exitCode = exitCode;
  }

  protected override async _run<T>(): Promise<T> {
    const result = await super._run<T>();
    if (this.#exitCode !== 0) this.exit(this.#exitCode);
    return result;
  }

  /** Success JSON in the CLI's one naming style, snake_case (see docs/json.md for why). */
  override toSuccessJson(result: unknown): unknown {
    return toSnakeCase(result);
  }

  /**
   * Every failure ends here: one `Error:` line on stderr for people and cron logs (oclif's parse errors
   * keep their usage text, with "did you mean" for a mistyped flag), and with --json stdout gets exactly
   * one `{"error": ...}` object (json-error.ts) and nothing else.
   */
  protected override async catch(
    caught: Error & { exitCode?: number; oclif?: { exit?: number }; code?: unknown },
  ): Promise<unknown> {
    if (caught.code === 'EEXIT') throw caught; // this.exit(): already reported
    const error = await this.#asDatabaseFailure(caught);
    const known = this.#describe(error);
    if (known === undefined) {
      if (!this.jsonEnabled()) return super.catch(caught);
      // A bug: the message only, never oclif's internals or a stack.
      process.stderr.write(`Error: ${terminalText(caught.message)}\n`);
      this.#printJsonError({ code: 'internal', message: caught.message, details: {} }, ExitCode.failed);
      throw Object.assign(caught, { oclif: { exit: ExitCode.failed }, skipOclifErrorHandling: true });
    }
    if (this.tokenOrigin !== undefined && isRejectedToken(known)) {
      known.message = rejectedTokenAdvice(this.tokenOrigin);
    }
    const exitCode = known.exitCode ?? exitCodeFor(known.code);
    if (!this.jsonEnabled() && 'parse' in error) {
      // oclif prints the parse error and the command's usage.
      error.message = known.message;
      throw error;
    }
    process.stderr.write(`Error: ${terminalText(known.message)}\n`);
    if (this.jsonEnabled()) this.#printJsonError(known, exitCode);
    // Already printed: let oclif's handler exit with our code without printing a stack trace.
    throw Object.assign(error, { oclif: { exit: exitCode }, skipOclifErrorHandling: true });
  }

  #describe(error: Error): KnownFailure | undefined {
    if (isFicErrorLike(error)) {
      return { code: error.code, message: error.message, details: toSnakeCase(error.details ?? {}) };
    }
    if (error instanceof FlagValueError) return { code: 'invalid_input', message: error.reason, details: {} };
    if (!isParseError(error)) return undefined;
    const message = error.message
      .replace(/\s*See more help with --help\s*$/, '')
      .replace(/:?\s*\n\s*/g, ': ')
      .replace(/ +:/g, ':');
    const exitCode = error.oclif?.exit ?? ExitCode.usage;
    if (!Array.isArray(error.flags)) return { code: 'invalid_input', message, details: {}, exitCode };
    const known = Object.keys({ ...this.ctor.flags, ...this.ctor.baseFlags }).map((name) => `--${name}`);
    const suggestions = Object.fromEntries(
      error.flags.map((typed) => [typed, closestNames(typed.replace(/=.*/, ''), known)]),
    );
    const hint = Object.values(suggestions).flat();
    return {
      code: 'invalid_input',
      message: `${message}.${didYouMean(hint)}`,
      details: { flags: error.flags, suggestions },
      exitCode,
    };
  }

  #printJsonError(failure: KnownFailure, exitCode: number): void {
    this.logJson(jsonError(failure.code, failure.message, exitCode, failure.details));
  }

  /**
   * What SQLite raised past core (a query reading a damaged page, a full disk, a lock held too long) as
   * the FicError core maps it to, naming the database: one place for every read path.
   */
  async #asDatabaseFailure<E extends Error>(error: E): Promise<E | FicErrorLike> {
    if (!isSqliteError(error)) return error;
    const file = this.#databases[0]?.path ?? this.#dbPath;
    if (file === undefined) return error;
    const { databaseFailure } = await import('@fastintercom/core/read');
    return databaseFailure(error, file) ?? error;
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    const databases = this.#databases.splice(0);
    await Promise.all(databases.map((database) => database.close()));
    return super.finally(error);
  }
}
