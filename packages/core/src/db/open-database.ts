import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations/index.js';
import { FicError } from '../errors.js';

export interface OpenDatabaseOptions {
  /** Open without migrating or creating; fails if the file does not exist. */
  readonly readonly?: boolean;
  /** How long a writer waits for another connection's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

export interface FicDatabase {
  /** The query builder. */
  readonly db: Kysely<Database>;
  /** The same connection, for prepared statements and synchronous transactions on hot paths. */
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed, mode 0600 in a 0700 directory) and migrates the database. WAL lets readers
 * (the MCP server, `fic search`) work while a sync writes.
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

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(resolved, { readonly, fileMustExist: readonly });
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -32000');
    sqlite.pragma('temp_store = MEMORY');
  } catch (error) {
    throw new FicError('database', `Cannot open the database at ${resolved}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  if (!readonly) {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error !== undefined) {
      await db.destroy();
      throw new FicError('database', `Cannot migrate the database at ${resolved}: ${describe(error)}`, {
        cause: error,
      });
    }
    for (const suffix of ['-wal', '-shm']) restrictMode(resolved + suffix);
  }
  return {
    db,
    sqlite,
    path: resolved,
    close: () => db.destroy(),
  };
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
