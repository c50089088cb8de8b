import fs from 'node:fs';
import path from 'node:path';
import { FicError, hasSchema, openDatabase } from '@fastintercom/core/read';
import type { FicDatabase } from '@fastintercom/core';
import type { Logger } from './logger.js';

export type OpenDatabase = (filePath: string) => Promise<FicDatabase>;

/** Read-only: the server never migrates or writes (the sync opens its own connection); WAL lets it read while a sync writes. */
export const openReadOnlyDatabase: OpenDatabase = (filePath) => openDatabase(filePath, { readonly: true });

/** Which file a path names: a file renamed over it, or deleted and made again, is another one. */
interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * The server's one read connection, opened on the first tool call (not at start-up, so a missing
 * database is an answer, not a crash) and reused by every call after it. Until a database with a schema
 * exists, each call tries again: a sync may create it meanwhile.
 *
 * Before each call it checks that the path still names the file it opened (device and inode, one
 * stat): a database restored from a backup or synced elsewhere and moved into place is another file,
 * which an open connection would never see; the old connection is closed and the new file opened. A
 * deleted database is an error until a file is back at the path.
 */
export class DatabaseHandle {
  readonly path: string;
  readonly #open: OpenDatabase;
  readonly #logger: Logger;
  #database: FicDatabase | undefined;
  #identity: FileIdentity | undefined;
  #opening: Promise<FicDatabase> | undefined;
  /** The connection to a file no longer at the path, closing. */
  #retiring: Promise<void> | undefined;
  /** The opened file was deleted and nothing is back at the path yet. */
  #deleted = false;
  #closed = false;

  constructor(filePath: string, open: OpenDatabase = openReadOnlyDatabase, logger: Logger = () => undefined) {
    this.path = path.resolve(filePath);
    this.#open = open;
    this.#logger = logger;
  }

  /** The open database; FicError 'empty_database' while there is none (yet, or any more). */
  get(): Promise<FicDatabase> {
    if (this.#closed) return Promise.reject(new FicError('aborted', 'The server is shutting down.'));
    if (this.#database !== undefined) {
      const identity = identityOf(this.path);
      if (identity !== undefined && sameFile(identity, this.#identity))
        return Promise.resolve(this.#database);
      this.#retire(identity === undefined);
    }
    this.#opening ??= this.#openOnce().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** True once the file exists; says nothing about whether anything was synced into it. */
  exists(): boolean {
    return fs.existsSync(this.path);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const database = this.#database ?? (await this.#opening?.catch(() => undefined));
    this.#database = undefined;
    await this.#retiring;
    await database?.close();
  }

  async #openOnce(): Promise<FicDatabase> {
    // The old file's connection closes first: the new file has the same -wal and -shm names.
    await this.#retiring;
    const identity = identityOf(this.path);
    if (identity === undefined) throw this.#noDatabase();
    const database = await this.#open(this.path);
    // A sync that has only just created the file may not have migrated it yet.
    if (!hasSchema(database)) {
      await database.close();
      throw this.#noDatabase();
    }
    if (this.#closed) {
      await database.close();
      throw new FicError('aborted', 'The server is shutting down.');
    }
    // Stat before the open: if the file was swapped meanwhile, the next call sees it and reopens.
    this.#database = database;
    this.#identity = identity;
    this.#deleted = false;
    return database;
  }

  /**
   * Lets go of the connection to a file no longer at the path. It closes on the next turn of the event
   * loop, after the calls that got it before have run their (synchronous) queries on it.
   */
  #retire(deleted: boolean): void {
    const old = this.#database!;
    this.#database = undefined;
    this.#identity = undefined;
    this.#deleted = deleted;
    this.#logger(
      `The database at ${this.path} was ${deleted ? 'deleted' : 'replaced by another file'}: closing the old connection.`,
    );
    const previous = this.#retiring;
    this.#retiring = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => previous)
      .then(() => old.close())
      .catch((error: unknown) => this.#logger(`Closing the old connection failed: ${String(error)}`));
  }

  #noDatabase(): FicError {
    return new FicError(
      'empty_database',
      this.#deleted
        ? `The database at ${this.path} was deleted: call sync_conversations to make a new one (or ask the user to put it back).`
        : `No database yet at ${this.path}: call sync_conversations to make it (it syncs in the background; follow it with get_sync_status), or ask the user to run fic sync.`,
    );
  }
}

function identityOf(filePath: string): FileIdentity | undefined {
  const stat = fs.statSync(filePath, { throwIfNoEntry: false });
  return stat === undefined ? undefined : { dev: stat.dev, ino: stat.ino };
}

function sameFile(a: FileIdentity, b: FileIdentity | undefined): boolean {
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
