import type { Insertable } from 'kysely';
import type { TicketRows } from '../sync/ticket-mapper.js';
import { prepared } from '../queries/statement-cache.js';
import { allCompiled, runCompiled } from './compiled-query.js';
import type { TicketTypesTable } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import { deleteRawPayloads, payloadCodec, writeRawPayloads } from './raw-payloads.js';
import type { RawPayload } from './raw-payloads.js';
import { writeSyncState } from './sync-state-write.js';
import { sqliteOf } from './open-database.js';

/** One fetched ticket: its rows and the JSON text they came from. */
export interface TicketWrite {
  rows: TicketRows;
  rawJson: string;
}

/** A ticket fetch that failed after its retries (recorded in sync_failures, kind 'ticket'). */
export interface TicketFailure {
  id: string;
  code: string;
  message: string;
  status: number | null;
}

/** Everything one page of the ticket sync writes, in one transaction. */
export interface TicketPageWrite {
  tickets: readonly TicketWrite[];
  /** Tickets GET /tickets/{id} answered 404 for: deleted in Intercom. */
  deleted: readonly string[];
  failures: readonly TicketFailure[];
  /** sync_state values committed with the page (undefined removes a key). */
  state: Record<string, unknown>;
}

/**
 * Ticket rows: written a page per transaction (rows, search document, failures and the checkpoint
 * together), so a run stopped anywhere leaves whole tickets and a checkpoint that describes them.
 * `tickets_fts` is external content over `ticket_documents`: a ticket's old document is deleted through
 * the view before its rows change, and the new one inserted after, so the index always holds exactly
 * what the view builds.
 */
export class TicketRepository {
  readonly #database: FicDatabase;
  readonly #now: () => number;
  readonly #writePage: (page: TicketPageWrite) => void;

  /** `now` returns Unix seconds (failure times, state updates). */
  constructor(database: FicDatabase, options: { now: () => number }) {
    this.#database = database;
    this.#now = options.now;
    const transaction = sqliteOf(database).transaction((page: TicketPageWrite) => this.#write(page));
    this.#writePage = (page) => {
      transaction.immediate(page);
      // Outside the transaction: a dictionary its payloads made ready is stored for the next pages.
      payloadCodec(database).train();
    };
  }

  writePage(page: TicketPageWrite): void {
    this.#writePage(page);
  }

  /** When each of `ids` that is stored was last updated and fetched. */
  storedState(ids: readonly string[]): Map<string, { updated_at: number; synced_at: number }> {
    const stored = new Map<string, { updated_at: number; synced_at: number }>();
    if (ids.length === 0) return stored;
    const rows = allCompiled(
      this.#database,
      this.#database.db
        .selectFrom('tickets')
        .select(['id', 'updated_at', 'synced_at'])
        .where('id', 'in', [...ids]),
    );
    for (const row of rows) stored.set(row.id, { updated_at: row.updated_at, synced_at: row.synced_at });
    return stored;
  }

  /** Ticket types as GET /ticket_types lists them; types no longer listed stay (old tickets name them). */
  upsertTicketTypes(types: readonly Insertable<TicketTypesTable>[]): void {
    const transaction = sqliteOf(this.#database).transaction(() => {
      for (const type of types) this.#upsertType(type);
    });
    transaction.immediate();
  }

  /** Rewrites one ticket's rows from already derived rows (`fic rebuild`), inside the caller's transaction. */
  replaceTicket(rows: TicketRows): void {
    const { db } = this.#database;
    const existing = this.#rowId(rows.ticket.id);
    if (existing !== undefined) this.#removeDocument(existing);
    runCompiled(
      this.#database,
      db
        .insertInto('tickets')
        .values(rows.ticket)
        .onConflict((conflict) => conflict.column('id').doUpdateSet(withoutId(rows.ticket))),
    );
    for (const table of ['ticket_parts', 'ticket_contacts', 'ticket_links'] as const) {
      runCompiled(this.#database, db.deleteFrom(table).where('ticket_id', '=', rows.ticket.id));
    }
    for (const part of rows.parts) runCompiled(this.#database, db.insertInto('ticket_parts').values(part));
    for (const contact of rows.contacts) {
      runCompiled(this.#database, db.insertInto('ticket_contacts').values(contact));
    }
    for (const link of rows.links) runCompiled(this.#database, db.insertInto('ticket_links').values(link));
    if (rows.type !== null) this.#insertTypeIfMissing(rows.type);
    this.#addDocument(this.#rowId(rows.ticket.id)!);
  }

  /** Removes tickets (rows, search documents, recorded failures) inside the caller's transaction. */
  removeTickets(ids: readonly string[]): void {
    const { db } = this.#database;
    for (const id of ids) {
      const rowId = this.#rowId(id);
      if (rowId !== undefined) this.#removeDocument(rowId);
      runCompiled(this.#database, db.deleteFrom('tickets').where('id', '=', id));
      runCompiled(
        this.#database,
        db.deleteFrom('sync_failures').where('kind', '=', 'ticket').where('id', '=', id),
      );
    }
    if (ids.length > 0) deleteRawPayloads(this.#database, 'ticket', ids);
  }

  #write(page: TicketPageWrite): void {
    const { db } = this.#database;
    const now = this.#now();
    const payloads: RawPayload[] = [];
    for (const ticket of page.tickets) {
      this.replaceTicket(ticket.rows);
      runCompiled(
        this.#database,
        db.deleteFrom('sync_failures').where('kind', '=', 'ticket').where('id', '=', ticket.rows.ticket.id),
      );
      // Stored with the row's own sync time, so `fic rebuild` derives the same synced_at.
      payloads.push({
        kind: 'ticket',
        id: ticket.rows.ticket.id,
        json: ticket.rawJson,
        fetchedAt: ticket.rows.ticket.synced_at,
      });
    }
    if (payloads.length > 0) writeRawPayloads(this.#database, payloads, now);
    this.removeTickets(page.deleted);
    for (const failure of page.failures) {
      runCompiled(
        this.#database,
        db
          .insertInto('sync_failures')
          .values({
            kind: 'ticket',
            id: failure.id,
            error_code: failure.code,
            error_message: failure.message,
            status: failure.status,
            attempts: 1,
            first_seen_at: now,
            last_seen_at: now,
          })
          .onConflict((conflict) =>
            conflict.columns(['kind', 'id']).doUpdateSet((eb) => ({
              error_code: eb.ref('excluded.error_code'),
              error_message: eb.ref('excluded.error_message'),
              status: eb.ref('excluded.status'),
              attempts: eb('sync_failures.attempts', '+', 1),
              last_seen_at: eb.ref('excluded.last_seen_at'),
            })),
          ),
      );
    }
    writeSyncState(this.#database, page.state, now);
  }

  #rowId(id: string): number | undefined {
    const row = allCompiled(
      this.#database,
      this.#database.db.selectFrom('tickets').select('row_id').where('id', '=', id),
    )[0];
    return row?.row_id;
  }

  // FTS5 commands have no place in a query builder: plain SQL, the one SQLite-only part of this file.
  #removeDocument(rowId: number): void {
    prepared(
      this.#database,
      `INSERT INTO tickets_fts (tickets_fts, rowid, subject, body)
       SELECT 'delete', doc_id, subject, body FROM ticket_documents WHERE doc_id = ?`,
    ).run(rowId);
  }

  #addDocument(rowId: number): void {
    prepared(
      this.#database,
      `INSERT INTO tickets_fts (rowid, subject, body)
       SELECT doc_id, subject, body FROM ticket_documents WHERE doc_id = ?`,
    ).run(rowId);
  }

  #upsertType(type: Insertable<TicketTypesTable>): void {
    runCompiled(
      this.#database,
      this.#database.db
        .insertInto('ticket_types')
        .values(type)
        .onConflict((conflict) => conflict.column('id').doUpdateSet(withoutId(type))),
    );
  }

  #insertTypeIfMissing(type: Insertable<TicketTypesTable>): void {
    runCompiled(
      this.#database,
      this.#database.db
        .insertInto('ticket_types')
        .values(type)
        .onConflict((conflict) => conflict.column('id').doNothing()),
    );
  }
}

function withoutId<Row extends { id: string }>(row: Row): Omit<Row, 'id'> {
  const { id: _id, ...rest } = row;
  return rest;
}
