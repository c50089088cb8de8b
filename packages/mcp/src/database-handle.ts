import fs from 'node:fs';
import path from 'node:path';
import { FicError, openDatabase } from '@fastintercom/core/read';
import type { FicDatabase } from '@fastintercom/core';

export type OpenDatabase = (filePath: string) => Promise<FicDatabase>;

/** Read-only: the server never migrates or writes (the sync opens its own connection); WAL lets it read while a sync writes. */
export const openReadOnlyDatabase: OpenDatabase = (filePath) => openDatabase(filePath, { readonly: true });

/**
 * The server's one read connection, opened on the first tool call (not at start-up, so a missing
 * database is an answer, not a crash) and reused by every call after it. Until a database with a schema
 * exists, each call tries again: a sync may create it meanwhile.
 */
export class DatabaseHandle {
  readonly path: string;
  readonly #open: OpenDatabase;
  #database: FicDatabase | undefined;
  #opening: Promise<FicDatabase> | undefined;
  #closed = false;

  constructor(filePath: string, open: OpenDatabase = openReadOnlyDatabase) {
    this.path = path.resolve(filePath);
    this.#open = open;
  }

  /** The open database; FicError 'empty_database' while there is none yet. */
  get(): Promise<FicDatabase> {
    if (this.#database !== undefined) return Promise.resolve(this.#database);
    if (this.#closed) return Promise.reject(new FicError('aborted', 'The server is shutting down.'));
    this.#opening ??= this.#openOnce().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** True once the file exists; says nothing about whether anything was synced into it. */
  exists(): boolean {
    return this.#database !== undefined || fs.existsSync(this.path);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const database = this.#database ?? (await this.#opening?.catch(() => undefined));
    this.#database = undefined;
    await database?.close();
  }

  async #openOnce(): Promise<FicDatabase> {
    if (!fs.existsSync(this.path)) throw this.#noDatabase();
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
    this.#database = database;
    return database;
  }

  #noDatabase(): FicError {
    return new FicError(
      'empty_database',
      `No database yet at ${this.path}: run fic sync (or call sync_conversations) first.`,
    );
  }
}

function hasSchema(database: FicDatabase): boolean {
  const row = database.sqlite
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'conversations'")
    .get();
  return row !== undefined;
}
