import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type * as KyselyModule from 'kysely';
import { configureConnection } from './connection-pragmas.js';
import { createDatabaseFile, inspectDatabaseFile } from './database-file.js';
import type { Database } from './database-schema.js';
import { migrateDatabase } from './migrate-database.js';
import { quickCheckConnection } from './quick-check.js';
import { databaseFailure, rebuildAdvice } from './sqlite-errors.js';
import { FicError } from '../errors.js';

export interface OpenDatabaseOptions {
  /** Open without migrating or creating; fails if the file does not exist. */
  readonly readonly?: boolean;
  /** How long a writer waits for another connection's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/** better-sqlite3's connection type, for core's internal statements. */
export type Sqlite = BetterSqlite3.Database;

export interface FicDatabase {
  /** The query builder. On a read-only database it is built on first use. */
  readonly db: Kysely<Database>;
  readonly path: string;
  close(): Promise<void>;
}

/**
 * The better-sqlite3 connection under a database `openDatabase` opened: core's prepared statements and
 * synchronous transactions on hot paths use it. It is not on `FicDatabase`, so the driver's type stays
 * out of the public surface (and a database on another engine needs no such member).
 */
export function sqliteOf(database: FicDatabase): BetterSqlite3.Database {
  if (database instanceof SqliteDatabase) return database.sqlite;
  throw new TypeError('Not a database opened by openDatabase: it has no SQLite connection.');
}

/**
 * Opens the database; a read-write open (a sync's) creates it if missing, checks it and migrates it.
 * WAL lets readers (the MCP server, `fic search`) work while a sync writes.
 *
 * fic only ever changes the mode of files it creates: a new database is 0600 in the 0700 directories it
 * had to create. It refuses (FicError naming the path) a directory, a device, an existing file that is
 * not an SQLite database, and for writing a file or directory that is read-only (see database-file.ts),
 * before SQLite touches anything, so a refused path is left exactly as it was. A read-write open then
 * runs SQLite's quick_check and refuses to write into a damaged file ('corrupt').
 *
 * A read-only open loads no Kysely (a few hundred modules): the queries run plain prepared statements,
 * and `fic status` and the MCP server start in a fraction of the time. Kysely loads when `db` is first
 * read.
 */
export async function openDatabase(
  filePath: string,
  options: OpenDatabaseOptions = {},
): Promise<FicDatabase> {
  const readonly = options.readonly ?? false;
  const file = inspectDatabaseFile(filePath, readonly ? 'read' : 'write');
  const created = !readonly && createDatabaseFile(file);
  const resolved = file.path;
  const sideFiles = ['-wal', '-shm']
    .map((suffix) => resolved + suffix)
    .filter((side) => !fs.existsSync(side));

  // Loaded here, not at import: the MCP server opens its database on the first tool call.
  const { default: Sqlite } = await import('better-sqlite3');
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new Sqlite(resolved, { readonly, fileMustExist: true });
    if (!readonly && !created) refuseDamaged(sqlite, resolved, options.busyTimeoutMs);
    configureConnection(sqlite, { readonly, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    // Reads the header and the WAL index now, so a file SQLite cannot read fails here, named, not in a query.
    if (readonly) sqlite.pragma('schema_version');
  } catch (error) {
    sqlite?.close();
    throw openError(error, resolved, readonly);
  }

  if (readonly) return new SqliteDatabase(sqlite, resolved);
  const database = new SqliteDatabase(sqlite, resolved, queryBuilder(await import('kysely'), sqlite));
  try {
    const { schemaMigrations } = await import('./migrations/index.js');
    await migrateDatabase(database, schemaMigrations);
  } catch (error) {
    await database.close();
    throw error;
  }
  if (created) for (const side of sideFiles) restrictMode(side);
  return database;
}

class SqliteDatabase implements FicDatabase {
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  #db: Kysely<Database> | undefined;

  constructor(sqlite: BetterSqlite3.Database, filePath: string, db?: Kysely<Database>) {
    this.sqlite = sqlite;
    this.path = filePath;
    this.#db = db;
  }

  get db(): Kysely<Database> {
    this.#db ??= queryBuilder(loadKyselySync(), this.sqlite);
    return this.#db;
  }

  /** An arrow property: callers may pass `database.close` on its own. */
  readonly close = async (): Promise<void> => {
    // Kysely closes the connection only if it ever ran a query through it: close it either way.
    await this.#db?.destroy();
    if (this.sqlite.open) this.sqlite.close();
  };
}

function queryBuilder(kysely: typeof KyselyModule, sqlite: BetterSqlite3.Database): Kysely<Database> {
  return new kysely.Kysely<Database>({ dialect: new kysely.SqliteDialect({ database: sqlite }) });
}

/**
 * Kysely's ES module build, loaded synchronously (`require` of an ES module, Node >= 20.19): the same
 * instance `import 'kysely'` gives, so its `sql` fragments and this query builder belong together.
 */
function loadKyselySync(): typeof KyselyModule {
  const require = createRequire(import.meta.url);
  return require(fileURLToPath(import.meta.resolve('kysely'))) as typeof KyselyModule;
}

/**
 * Files up to this size get the whole quick_check on every read-write open: ~3 ms per MB with the file
 * in the OS cache (1 s at 44,000 conversations, 376 MB). Past it (a million conversations is ~7.7 GB: a
 * minute or more), every sync would pay minutes for it, so it is left to `fic status --check` and
 * `fic verify`; SQLite still reports a damaged page the sync touches (SQLITE_CORRUPT, mapped to
 * 'corrupt', stops the run).
 */
const QUICK_CHECK_MAX_BYTES = 1024 * 1024 * 1024;

/** A read-write open of an existing file: SQLite's quick_check before anything is written into it. */
function refuseDamaged(sqlite: BetterSqlite3.Database, file: string, busyTimeoutMs = 5000): void {
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (fileSize(file) > QUICK_CHECK_MAX_BYTES) return;
  const problems = quickCheckConnection(sqlite);
  if (problems.length === 0) return;
  throw new FicError(
    'corrupt',
    `The database ${file} is damaged (SQLite quick_check: ${problems.join('; ')}), so fic sync will not write into it: ${rebuildAdvice(file)}.`,
    { details: { path: file, problems } },
  );
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function openError(error: unknown, file: string, readonly: boolean): FicError {
  if (readonly && (error as { code?: unknown }).code === 'SQLITE_CANTOPEN' && !writable(path.dirname(file))) {
    return new FicError(
      'read_only',
      `SQLite cannot read ${file} where it is: the database is in WAL mode, and reading it needs its -shm ` +
        'file, which is not there and cannot be created (the directory or its filesystem is read-only). ' +
        'Copy the database to a writable directory and read it there.',
      { cause: error, details: { path: file } },
    );
  }
  return (
    databaseFailure(error, file) ??
    new FicError('database', `Cannot open the database at ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { path: file },
    })
  );
}

function writable(directory: string): boolean {
  try {
    fs.accessSync(directory, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Only for side files fic itself created: SQLite gives them the database's mode; this holds it against the umask. */
function restrictMode(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Not there (SQLite deletes the -wal of a clean close, and may not have made one yet).
  }
}
