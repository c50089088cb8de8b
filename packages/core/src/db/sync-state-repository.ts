import type { FicDatabase } from './open-database.js';
import {
  immediateTransaction,
  looseKysely,
  placeholderRow,
  prepareCompiled,
  prepareLookup,
  takeExcluded,
} from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { FicError } from '../errors.js';

/** The sync engine's checkpoints (`checkpoint`, `pending`, ...): JSON values by key in `sync_state`. */
export class SyncStateRepository {
  readonly #path: string;
  readonly #now: () => number;
  readonly #select: Statement;
  readonly #upsert: Statement;
  readonly #delete: Statement;
  readonly #setMany: (state: Record<string, unknown>) => void;

  /** `now` returns Unix seconds. */
  constructor(database: FicDatabase, now: () => number) {
    const { sqlite } = database;
    const db = looseKysely(database.db);
    this.#path = database.path;
    this.#now = now;
    this.#select = prepareLookup(sqlite, db, 'sync_state', 'value', 'key');
    this.#upsert = prepareCompiled(
      sqlite,
      db
        .insertInto('sync_state')
        .values(placeholderRow(['key', 'value', 'updated_at']))
        .onConflict((oc) => oc.column('key').doUpdateSet(takeExcluded(['value', 'updated_at'])))
        .compile(),
      3,
    );
    this.#delete = prepareCompiled(sqlite, db.deleteFrom('sync_state').where('key', '=', '').compile(), 1);
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
    const now = this.#now();
    for (const [key, value] of Object.entries(state)) {
      if (value === undefined) this.#delete.run(key);
      else this.#upsert.run(key, JSON.stringify(value), now);
    }
  }
}
