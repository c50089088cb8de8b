import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type * as KyselyModule from 'kysely';
import { configureConnection } from './connection-pragmas.js';
import type { Database } from './database-schema.js';
import { FicError } from '../errors.js';

export interface OpenDatabaseOptions {
  /** Open without migrating or creating; fails if the file does not exist. */
  readonly readonly?: boolean;
  /** How long a writer waits for another connection's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

export interface FicDatabase {
  /** The query builder. On a read-only database it is built on first use. */
  readonly db: Kysely<Database>;
  /** The same connection, for prepared statements and synchronous transactions on hot paths. */
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed, mode 0600 in a 0700 directory) and migrates the database. WAL lets readers
 * (the MCP server, `fic search`) work while a sync writes.
 *
 * A read-only open loads no Kysely (a few hundred modules): the queries run plain prepared statements,
 * and `fic status` and the MCP server start in a fraction of the time. Kysely loads when `db` is first
 * read.
 */
export async function openDatabase(
  filePath: string,
  options: OpenDatabaseOptions = {},
): Promise<FicDatabase> {
  const resolved = path.resolve(filePath);
  const readonly = options.readonly ?? false;
  if (readonly && !fs.existsSync(resolved)) {
    throw new FicError('not_found', `No database at ${resolved}: run fic sync first.`);
  }
  if (!readonly) ensurePrivateFile(resolved);

  // Loaded here, not at import: the MCP server opens its database on the first tool call.
  const { default: Sqlite } = await import('better-sqlite3');
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new Sqlite(resolved, { readonly, fileMustExist: readonly });
    configureConnection(sqlite, { readonly, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw new FicError('database', `Cannot open the database at ${resolved}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  if (readonly) return new SqliteDatabase(sqlite, resolved);
  const database = new SqliteDatabase(sqlite, resolved, queryBuilder(await import('kysely'), sqlite));
  await migrate(database);
  for (const suffix of ['-wal', '-shm']) restrictMode(resolved + suffix);
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

async function migrate(database: SqliteDatabase): Promise<void> {
  const [{ Migrator }, { migrationProvider }] = await Promise.all([
    import('kysely'),
    import('./migrations/index.js'),
  ]);
  const { error } = await new Migrator({ db: database.db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await database.close();
    throw new FicError('database', `Cannot migrate the database at ${database.path}: ${describe(error)}`, {
      cause: error,
    });
  }
}

function ensurePrivateFile(file: string): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  restrictMode(file);
}

function restrictMode(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // The file may not exist yet (WAL side files appear on first write); nothing to restrict.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
