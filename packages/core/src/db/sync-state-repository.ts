import type { FicDatabase } from './open-database.js';
import { pageWriteSql } from './page-write-sql.js';
import { immediateTransaction, prepareLookup } from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { writeStateValues } from './prepared-statements.js';
import { FicError } from '../errors.js';
import { sqliteOf } from './open-database.js';

/** The sync engine's checkpoints (`checkpoint`, `pending`, ...): JSON values by key in `sync_state`. */
export class SyncStateRepository {
  readonly #path: string;
  readonly #now: () => number;
  readonly #select: Statement;
  readonly #statements: { upsert: Statement; remove: Statement };
  readonly #setMany: (state: Record<string, unknown>) => void;

  /** `now` returns Unix seconds. */
  constructor(database: FicDatabase, now: () => number) {
    const sqlite = sqliteOf(database);
    this.#path = database.path;
    this.#now = now;
    this.#select = prepareLookup(sqlite, database.db, 'sync_state', 'value', 'key');
    // The statements a sync page also runs (in the writer): one SQL text for both.
    const sql = pageWriteSql(database.db);
    this.#statements = { upsert: sqlite.prepare(sql.upsertState), remove: sqlite.prepare(sql.deleteState) };
    this.#setMany = immediateTransaction(sqlite, (state: Record<string, unknown>) => this.writeMany(state));
  }

  get<T>(key: string): T | undefined {
    const value = this.#select.get(key) as string | undefined;
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value) as T;
    } catch (error) {
      throw new FicError(
        'database',
        `The sync state "${key}" in ${this.#path} is not valid JSON: run fic verify, then a full sync (fic sync --full).`,
        { cause: error, details: { key } },
      );
    }
  }

  /** Stores `value` as JSON; `undefined` removes the key. */
  set(key: string, value: unknown): void {
    this.#setMany({ [key]: value });
  }

  /** Like `set` for each key, inside the caller's transaction (so state commits with the rows it describes). */
  writeMany(state: Record<string, unknown>): void {
    writeStateValues(this.#statements, state, this.#now());
  }
}
