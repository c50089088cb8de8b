import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SyncRunsTable } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import { databaseError, prepareCompiled } from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { isProcessAlive } from '../sync/sync-lock.js';
import { sqliteOf } from './open-database.js';

export type SyncRunRow = Selectable<SyncRunsTable>;

export interface StartRunInput {
  mode: string;
  window_start: number | null;
  pid: number;
  started_at: number;
}

/** The history of syncs in `sync_runs`: one row per run, counters updated as it goes. */
export class SyncRunRepository {
  readonly #database: FicDatabase;
  readonly #db: Kysely<Database>;
  readonly #insert: Statement;
  readonly #lastRun: Statement;
  readonly #lastFinishedRun: Statement;
  readonly #runningRun: Statement;
  readonly #runningRuns: Statement;

  constructor(database: FicDatabase) {
    const sqlite = sqliteOf(database);
    const { db } = database;
    this.#database = database;
    this.#db = db;
    this.#insert = prepareCompiled(
      sqlite,
      db
        .insertInto('sync_runs')
        .values({ status: sql.lit('running'), mode: '', window_start: null, pid: 0, started_at: 0 })
        .returning('id')
        .compile(),
      4,
    ).pluck();
    const selectRuns = db.selectFrom('sync_runs').selectAll();
    const one = sql.lit(1);
    this.#lastRun = prepareCompiled(sqlite, selectRuns.orderBy('id', 'desc').limit(one).compile(), 0);
    this.#lastFinishedRun = prepareCompiled(
      sqlite,
      selectRuns
        .where('finished_at', 'is not', null)
        .orderBy('finished_at', 'desc')
        .orderBy('id', 'desc')
        .limit(one)
        .compile(),
      0,
    );
    const running = selectRuns.where('status', '=', sql.lit('running')).orderBy('id', 'desc');
    this.#runningRun = prepareCompiled(sqlite, running.limit(one).compile(), 0);
    this.#runningRuns = prepareCompiled(sqlite, running.compile(), 0);
  }

  /** Records a run as 'running'; returns its id. */
  startRun(run: StartRunInput): number {
    return this.#write('record the start of a sync run', () =>
      this.#insert.get(run.mode, run.window_start, run.pid, run.started_at),
    ) as number;
  }

  updateRun(id: number, fields: Partial<SyncRunRow>): void {
    const { id: _ignored, ...values } = fields;
    if (Object.values(values).every((value) => value === undefined)) return;
    // Rare (a few times per run) and the column set varies: compiled per call.
    const compiled = this.#db.updateTable('sync_runs').set(values).where('id', '=', id).compile();
    this.#write(`update sync run ${id}`, () =>
      sqliteOf(this.#database).prepare(compiled.sql).run(compiled.parameters),
    );
  }

  /**
   * Closes the run's record; never throws, so the failure that ended the run (often the very disk-full
   * or read-only file that now refuses this write) stays the error the caller reports. When the whole
   * record cannot be written, it writes what fits: the status and the error, then the status alone.
   * Returns false when not even that could be written: the run stays 'running' until the next sync
   * marks it interrupted (its process is gone by then).
   */
  finishRun(id: number, fields: Partial<SyncRunRow> & { status: string; finished_at: number }): boolean {
    const { status, finished_at, error_code } = fields;
    const essentials = {
      status,
      finished_at,
      error_code,
      error_message: fields.error_message?.slice(0, 200),
    };
    for (const attempt of [fields, essentials, { status, finished_at }]) {
      try {
        this.updateRun(id, attempt);
        return true;
      } catch {
        // Try the smaller record: a row that no longer fits its page needs a page a full disk has not got.
      }
    }
    return false;
  }

  #write<T>(action: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      throw databaseError(action, this.#database.path, error);
    }
  }

  /** Marks 'running' runs whose process is gone (killed, crashed) as 'interrupted'; returns how many. */
  markInterruptedRuns(): number {
    let marked = 0;
    for (const run of this.#runningRuns.all() as SyncRunRow[]) {
      if (isProcessAlive(run.pid)) continue;
      this.updateRun(run.id, {
        status: 'interrupted',
        error_message: `The sync (pid ${run.pid}) stopped before it finished (killed or crashed).`,
      });
      marked++;
    }
    return marked;
  }

  lastRun(): SyncRunRow | undefined {
    return this.#lastRun.get() as SyncRunRow | undefined;
  }

  /** The latest run that finished (succeeded, partial or failed); interrupted runs never finish. */
  lastFinishedRun(): SyncRunRow | undefined {
    return this.#lastFinishedRun.get() as SyncRunRow | undefined;
  }

  runningRun(): SyncRunRow | undefined {
    return this.#runningRun.get() as SyncRunRow | undefined;
  }
}
