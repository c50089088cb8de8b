import { payloadCodec } from './raw-payloads.js';
import { refreshAllPerformanceRollups, refreshFewPerformanceRollups } from './performance-rollups.js';
import { sql } from 'kysely';
import { ConversationWriter } from './conversation-writer.js';
import type { ConversationWrite, PageWrite, PageWriteResult } from './conversation-writer.js';
import type { Database } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import { pageWriteSql } from './page-write-sql.js';
import { databaseError, prepareCompiled, prepareLookup } from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { databaseFailure } from './sqlite-errors.js';
import { ReferenceDataRepository } from './reference-data-repository.js';
import type { AdminRow, ContactRow, TagRow, TeamRow } from './reference-data-repository.js';
import { SyncRunRepository } from './sync-run-repository.js';
import type { StartRunInput, SyncRunRow } from './sync-run-repository.js';
import { SyncStateRepository } from './sync-state-repository.js';
import { SyncLedger } from './sync-ledger.js';

export type {
  ConversationRow,
  ConversationWrite,
  PageWrite,
  PageWriteResult,
  PartRow,
} from './conversation-writer.js';
export type {
  DeletedConversationRow,
  DeletionSummary,
  DeletionWrite,
  FailureKind,
  FailureWrite,
  SyncFailureRow,
} from './sync-ledger.js';
import { sqliteOf } from './open-database.js';
export type { AdminRow, ContactRow, TagRow, TeamRow } from './reference-data-repository.js';
export type { StartRunInput, SyncRunRow } from './sync-run-repository.js';

export interface StoredCounts {
  conversations: number;
  parts: number;
  contacts: number;
  admins: number;
  teams: number;
  tags: number;
}

export interface StoredCoverage {
  /** Unix seconds; null while the database holds no conversation. */
  oldestCreatedAt: number | null;
  newestUpdatedAt: number | null;
}

export interface ConversationRepositoryOptions {
  /** Clock in ms, for `sync_state.updated_at`. Default Date.now. */
  readonly now?: () => number;
}

/**
 * What the sync engine reads and writes, all of it synchronous (better-sqlite3 is): pages of
 * conversations with their checkpoint in one transaction, workspace data, sync state and run history.
 * All SQL stays behind this class and its siblings.
 */
export class ConversationRepository {
  readonly database: FicDatabase;
  /** Tombstones of deleted conversations and the fetches that keep failing. */
  readonly ledger: SyncLedger;
  readonly #writer: ConversationWriter;
  readonly #nowSeconds: () => number;
  readonly #referenceData: ReferenceDataRepository;
  readonly #state: SyncStateRepository;
  readonly #runs: SyncRunRepository;
  readonly #storedUpdatedAt: Statement;
  readonly #contactFetchedSince: Statement;
  readonly #contactStored: Statement;
  readonly #contactStubs: Statement;
  readonly #contactLinked: Statement;
  readonly #storedUpdatedBetween: Statement;
  readonly #counts: Statement;
  readonly #coverage: Statement;
  readonly #read: <T>(body: () => T) => T;

  constructor(database: FicDatabase, options: ConversationRepositoryOptions = {}) {
    const now = options.now ?? Date.now;
    const sqlite = sqliteOf(database);
    const { db } = database;
    this.database = database;
    this.#referenceData = new ReferenceDataRepository(database);
    this.#state = new SyncStateRepository(database, () => Math.floor(now() / 1000));
    const writeSql = pageWriteSql(database.db);
    this.ledger = new SyncLedger(sqlite, database.db, writeSql.removeDocument);
    this.#writer = new ConversationWriter(sqlite, writeSql, this.ledger, payloadCodec(database), () => {
      refreshFewPerformanceRollups(database);
    });
    this.#nowSeconds = () => Math.floor(now() / 1000);
    this.#runs = new SyncRunRepository(database);
    this.#storedUpdatedAt = prepareLookup(sqlite, db, 'conversations', 'updated_at', 'id');
    // Fetched in full at or after the mark, or found gone then: either way nothing to ask again this run.
    this.#contactFetchedSince = prepareCompiled(
      sqlite,
      db
        .selectFrom('contacts')
        .select('id')
        .where('id', '=', '')
        .where((eb) =>
          eb.or([eb.and([eb('fetched', '=', 1), eb('synced_at', '>=', 0)]), eb('gone_at', '>=', 0)]),
        )
        .compile(),
      4,
    ).pluck();
    this.#contactStored = prepareLookup(sqlite, db, 'contacts', 'id', 'id');
    this.#contactStubs = prepareCompiled(
      sqlite,
      db
        .selectFrom('contacts')
        .select('id')
        .where('fetched', '=', 0)
        .where('gone_at', 'is', null)
        .orderBy('id')
        .limit(0)
        .compile(),
      2,
    ).pluck();
    this.#contactLinked = prepareLookup(sqlite, db, 'conversation_contacts', 'conversation_id', 'contact_id');
    // Keyset pages in (updated_at, id) order, so a long window is read a slice at a time.
    this.#storedUpdatedBetween = prepareCompiled(
      sqlite,
      sql`SELECT id, updated_at FROM conversations
           WHERE (updated_at, id) > (${0}, ${''}) AND updated_at <= ${0}
           ORDER BY updated_at, id LIMIT ${0}`.compile(database.db),
      4,
    );
    const count = (table: keyof Database) => sql<number>`(SELECT count(*) FROM ${sql.table(table)})`;
    this.#counts = prepareCompiled(
      sqlite,
      db
        .selectNoFrom([
          count('conversations').as('conversations'),
          count('conversation_parts').as('parts'),
          count('contacts').as('contacts'),
          count('admins').as('admins'),
          count('teams').as('teams'),
          count('tags').as('tags'),
        ])
        .compile(),
      0,
    );
    this.#coverage = prepareCompiled(
      sqlite,
      db
        .selectFrom('conversations')
        .select([
          sql<number | null>`min(created_at)`.as('oldestCreatedAt'),
          sql<number | null>`max(updated_at)`.as('newestUpdatedAt'),
        ])
        .compile(),
      0,
    );
    const read = sqlite.transaction((body: () => unknown) => body());
    this.#read = <T>(body: () => T): T => this.#readOrThrow(() => read(body) as T);
  }

  /**
   * ONE transaction: upserts the conversations (keeping row_id), replaces their parts, contacts and
   * tags, keeps the search index in step, and sets the given sync_state keys (`undefined` removes a
   * key). Idempotent. On error nothing of the page (nor the state) is written.
   */
  writeConversations(batch: ConversationWrite[], state?: Record<string, unknown>): void {
    try {
      this.#writer.write({ conversations: batch, state }, this.#nowSeconds());
    } catch (error) {
      throw databaseError(`write a page of ${batch.length} conversations`, this.database.path, error);
    }
  }

  /**
   * ONE transaction: a sync page (conversations, deletions, failures recorded and resolved, sync_state).
   * On error nothing of it is written.
   */
  writePage(page: PageWrite): PageWriteResult {
    try {
      return this.#writer.write(page, this.#nowSeconds());
    } catch (error) {
      throw databaseError('write a sync page', this.database.path, error);
    }
  }

  /** The stored `updated_at` of each given id that is stored, for "new or changed" decisions. */
  storedUpdatedAt(ids: string[]): Map<string, number> {
    return this.#read(() => {
      const stored = new Map<string, number>();
      for (const id of ids) {
        const updatedAt = this.#storedUpdatedAt.get(id) as number | undefined;
        if (updatedAt !== undefined) stored.set(id, updatedAt);
      }
      return stored;
    });
  }

  upsertContacts(rows: ContactRow[]): void {
    this.#writeOrThrow(`store ${rows.length} contacts`, () => this.#referenceData.upsertContacts(rows));
  }

  /**
   * Contacts changed in Intercom, listed by contact search: the ones the copy holds are replaced, the
   * rest ignored (the copy keeps the contacts its conversations name). Returns how many were stored.
   */
  refreshContacts(rows: ContactRow[]): number {
    const stored = this.#read(() => rows.filter((row) => this.#contactStored.get(row.id) !== undefined));
    if (stored.length > 0) this.upsertContacts(stored);
    return stored.length;
  }

  /** The given contacts no stored conversation names (and that the copy holds). */
  contactsWithoutConversations(ids: Iterable<string>): string[] {
    return this.#read(() =>
      [...ids].filter(
        (id) => this.#contactStored.get(id) !== undefined && this.#contactLinked.get(id) === undefined,
      ),
    );
  }

  /** Contacts known only as stubs (never fetched in full, not gone), up to `limit`. */
  contactStubs(limit: number): string[] {
    return this.#contactStubs.all(0, limit) as string[];
  }

  /**
   * Ids of the stored conversations whose updated_at is within [from, to] (Unix seconds), read 2,000 at
   * a time (other statements may run between the slices).
   */
  *storedUpdatedBetween(from: number, to: number): Generator<string> {
    let after = { updatedAt: from, id: '' };
    for (;;) {
      const rows = this.#storedUpdatedBetween.all(after.updatedAt, after.id, to, 2000) as {
        id: string;
        updated_at: number;
      }[];
      for (const row of rows) yield row.id;
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < 2000) return;
      after = { updatedAt: last.updated_at, id: last.id };
    }
  }

  contactsToFetch(ids: string[]): string[] {
    return this.#readOrThrow(() => this.#referenceData.contactsToFetch(ids));
  }

  /** The given contacts stored as fetched (not stubs) at or after `since` (Unix seconds). */
  contactsFetchedSince(ids: Iterable<string>, since: number): Set<string> {
    return this.#read(() => {
      const fetched = new Set<string>();
      for (const id of ids) {
        if (this.#contactFetchedSince.get(id, 1, since, since) !== undefined) fetched.add(id);
      }
      return fetched;
    });
  }

  replaceAdmins(rows: AdminRow[]): void {
    this.#writeOrThrow(`store ${rows.length} admins`, () => this.#referenceData.replaceAdmins(rows));
  }

  replaceTeams(rows: { team: TeamRow; adminIds: string[] }[]): void {
    this.#writeOrThrow(`store ${rows.length} teams`, () => this.#referenceData.replaceTeams(rows));
  }

  upsertTags(rows: TagRow[]): void {
    this.#writeOrThrow(`store ${rows.length} tags`, () => this.#referenceData.upsertTags(rows));
  }

  getState<T>(key: string): T | undefined {
    return this.#readOrThrow(() => this.#state.get<T>(key));
  }

  setState(key: string, value: unknown): void {
    this.#writeOrThrow(`store the sync state "${key}"`, () => this.#state.set(key, value));
  }

  startRun(run: StartRunInput): number {
    return this.#runs.startRun(run);
  }

  updateRun(id: number, fields: Partial<SyncRunRow>): void {
    this.#runs.updateRun(id, fields);
  }

  /** Never throws: false when not even the status could be recorded (see SyncRunRepository.finishRun). */
  finishRun(id: number, fields: Partial<SyncRunRow> & { status: string; finished_at: number }): boolean {
    // The days the run's pages left stale (a full sync marks hundreds), recomputed once at its end.
    try {
      refreshAllPerformanceRollups(this.database);
    } catch {
      // Left stale, not lost: team performance reads stale days from the rows, and the next run retries.
    }
    return this.#runs.finishRun(id, fields);
  }

  markInterruptedRuns(): number {
    return this.#runs.markInterruptedRuns();
  }

  lastRun(): SyncRunRow | undefined {
    return this.#runs.lastRun();
  }

  lastFinishedRun(): SyncRunRow | undefined {
    return this.#runs.lastFinishedRun();
  }

  runningRun(): SyncRunRow | undefined {
    return this.#runs.runningRun();
  }

  counts(): StoredCounts {
    return this.#counts.get() as StoredCounts;
  }

  coverage(): StoredCoverage {
    return this.#coverage.get() as StoredCoverage;
  }

  /** A read that fails on the file itself (damaged, unreadable) says so as a FicError. */
  #readOrThrow<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw databaseFailure(error, this.database.path, 'read the stored data') ?? error;
    }
  }

  #writeOrThrow(action: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      throw databaseError(action, this.database.path, error);
    }
  }
}
