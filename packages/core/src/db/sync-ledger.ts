import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DeletedConversationsTable, SyncFailuresTable } from './database-schema.js';
import { compiledSql } from './prepared-statements.js';
import { rawPayloadSql } from './raw-payloads.js';
import type { Statement } from './prepared-statements.js';

export type FailureKind = 'conversation' | 'contact';
export type SyncFailureRow = Selectable<SyncFailuresTable>;
export type DeletedConversationRow = Selectable<DeletedConversationsTable>;

/** A fetch that failed after its retries, as the page that skipped it records it. */
export interface FailureWrite {
  kind: FailureKind;
  id: string;
  code: string;
  message: string;
  status: number | null;
}

/** A conversation to remove because Intercom deleted it. */
export interface DeletionWrite {
  id: string;
  /** Intercom's deleted_at, or null when the deletion was learned from a 404. */
  deletedAt: number | null;
  source: 'deleted_list' | 'not_found';
}

export interface DeletionSummary {
  total: number;
  lastRemovedAt: number | null;
}

/**
 * The sync's ledger beside the data: tombstones of deleted conversations and the fetches that keep
 * failing. Writes run inside the page transaction of the caller (ConversationWriter), reads anywhere.
 */
export class SyncLedger {
  readonly #removeDocument: Statement;
  readonly #deleteConversation: Statement;
  readonly #insertTombstone: Statement;
  readonly #tombstone: Statement;
  readonly #recordFailure: Statement;
  readonly #clearFailure: Statement;
  readonly #failures: Statement;
  readonly #failureCount: Statement;
  readonly #deletionSummary: Statement;
  readonly #removePayload: Statement;
  readonly #read: <T>(body: () => T) => T;

  constructor(sqlite: BetterSqlite3.Database, db: Kysely<Database>, removeDocumentSql: string) {
    const prepare = (compiled: { sql: string; parameters: readonly unknown[] }, count: number): Statement =>
      sqlite.prepare(compiledSql(compiled as Parameters<typeof compiledSql>[0], count));
    this.#removeDocument = sqlite.prepare(removeDocumentSql);
    // Parts, contact and tag links follow the row (ON DELETE CASCADE). RETURNING row_id: the search
    // document is removed first, through the view, while the rows it was built from still exist.
    this.#deleteConversation = prepare(db.deleteFrom('conversations').where('id', '=', '').compile(), 1);
    this.#insertTombstone = prepare(
      db
        .insertInto('deleted_conversations')
        .values({ id: '', deleted_at: 0, removed_at: 0, source: '' })
        .onConflict((oc) => oc.column('id').doNothing())
        .compile(),
      4,
    );
    this.#tombstone = prepare(
      db.selectFrom('deleted_conversations').select('id').where('id', '=', '').compile(),
      1,
    ).pluck();
    this.#recordFailure = prepare(
      db
        .insertInto('sync_failures')
        .values({
          kind: '',
          id: '',
          error_code: '',
          error_message: '',
          status: 0,
          attempts: 1,
          first_seen_at: 0,
          last_seen_at: 0,
        })
        .onConflict((oc) =>
          oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
            error_code: eb.ref('excluded.error_code'),
            error_message: eb.ref('excluded.error_message'),
            status: eb.ref('excluded.status'),
            attempts: eb('sync_failures.attempts', '+', sql.lit(1)),
            last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        )
        .compile(),
      8,
    );
    this.#clearFailure = prepare(
      db.deleteFrom('sync_failures').where('kind', '=', '').where('id', '=', '').compile(),
      2,
    );
    this.#failures = prepare(
      db
        .selectFrom('sync_failures')
        .selectAll()
        .where('kind', '=', '')
        .orderBy('first_seen_at')
        .orderBy('id')
        .limit(0)
        .compile(),
      2,
    );
    this.#failureCount = prepare(
      db
        .selectFrom('sync_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', '')
        .compile(),
      1,
    ).pluck();
    this.#deletionSummary = prepare(
      db
        .selectFrom('deleted_conversations')
        .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.max('removed_at').as('lastRemovedAt')])
        .compile(),
      0,
    );
    // A deletion is often a privacy request: the JSON the API sent goes with the rows.
    this.#removePayload = sqlite.prepare(rawPayloadSql(db).remove);
    const read = sqlite.transaction((body: () => unknown) => body());
    this.#read = <T>(body: () => T): T => read(body) as T;
  }

  /**
   * Removes a deleted conversation (row, parts, links, search document) and tombstones it; inside the
   * caller's transaction. Returns whether the copy held it.
   */
  removeConversation(deletion: DeletionWrite, removedAt: number, storedRowId: number | undefined): boolean {
    if (storedRowId !== undefined) this.#removeDocument.run(storedRowId);
    const removed = storedRowId !== undefined && this.#deleteConversation.run(deletion.id).changes > 0;
    this.#removePayload.run('conversation', deletion.id);
    this.#insertTombstone.run(deletion.id, deletion.deletedAt, removedAt, deletion.source);
    this.#clearFailure.run('conversation', deletion.id);
    return removed;
  }

  /** The given conversation ids that were deleted in Intercom (tombstoned). */
  deletedAmong(ids: Iterable<string>): Set<string> {
    return this.#read(() => {
      const found = new Set<string>();
      for (const id of ids) if (this.#tombstone.get(id) !== undefined) found.add(id);
      return found;
    });
  }

  /** Inside the caller's transaction. */
  recordFailure(failure: FailureWrite, now: number): void {
    this.#recordFailure.run(
      failure.kind,
      failure.id,
      failure.code,
      failure.message,
      failure.status,
      1,
      now,
      now,
    );
  }

  /** Inside the caller's transaction. */
  clearFailure(kind: FailureKind, id: string): void {
    this.#clearFailure.run(kind, id);
  }

  /** Outstanding failures of one kind, oldest first. */
  failures(kind: FailureKind, limit = 1_000_000): SyncFailureRow[] {
    return this.#failures.all(kind, limit) as SyncFailureRow[];
  }

  failureCount(kind: FailureKind): number {
    return this.#failureCount.get(kind) as number;
  }

  deletionSummary(): DeletionSummary {
    return this.#deletionSummary.get() as DeletionSummary;
  }
}
