import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { ConversationPartsTable, ConversationsTable } from './database-schema.js';
import type { PageWriteSql } from './page-write-sql.js';
import type { ContactRow } from './reference-data-repository.js';
import { searchDocument } from './search-document.js';
import { bindRow, contactValues, immediateTransaction, writeStateValues } from './sqlite-statements.js';
import type { Statement } from './sqlite-statements.js';
import { conversationColumns, partColumns } from './table-columns.js';

export type ConversationRow = Omit<Insertable<ConversationsTable>, 'row_id'>;
export type PartRow = Insertable<ConversationPartsTable>;

/** One conversation as a sync page writes it: the row and everything that hangs off it. */
export interface ConversationWrite {
  /** `parts_stored` is set from `parts.length`. */
  conversation: ConversationRow;
  /** Positions 0..n-1, oldest first. `conversation_id` is set from the conversation. */
  parts: PartRow[];
  contacts: { contact_id: string; position: number }[];
  tags: { tag_id: string; name: string; applied_at: number | null }[];
  /** Contacts as the conversation shows them (id, maybe email/name): stored if unknown, never overwriting fetched data. */
  contactStubs: ContactRow[];
}

/**
 * Writes sync pages: one immediate transaction per page, prepared statements bound per row. A
 * conversation's parts, contacts and tags are replaced (delete + insert), so writing the same page
 * twice leaves the same rows; its search document is removed before and re-added after.
 *
 * Needs only better-sqlite3 and the SQL text (page-write-sql.ts builds it with Kysely once), so the hot
 * path binds prepared statements without building queries.
 */
export class ConversationWriter {
  readonly #storedRowId: Statement;
  readonly #upsertConversation: Statement;
  readonly #deleteParts: Statement;
  readonly #insertPart: Statement;
  readonly #deleteContacts: Statement;
  readonly #insertContact: Statement;
  readonly #deleteTags: Statement;
  readonly #insertTag: Statement;
  readonly #upsertContact: Statement;
  readonly #upsertContactStub: Statement;
  readonly #insertTagIfMissing: Statement;
  readonly #removeDocument: Statement;
  readonly #addDocument: Statement;
  readonly #state: { upsert: Statement; remove: Statement };
  readonly #writePage: (
    batch: Iterable<ConversationWrite>,
    state: Record<string, unknown> | undefined,
    now: number,
  ) => void;
  readonly #upsertContacts: (rows: ContactRow[]) => void;

  constructor(sqlite: BetterSqlite3.Database, sql: PageWriteSql) {
    const prepare = (text: string): Statement => sqlite.prepare(text);
    this.#storedRowId = prepare(sql.storedRowId).pluck();
    this.#upsertConversation = prepare(sql.upsertConversation).pluck();
    this.#deleteParts = prepare(sql.deleteParts);
    this.#insertPart = prepare(sql.insertPart);
    this.#deleteContacts = prepare(sql.deleteContacts);
    this.#insertContact = prepare(sql.insertContact);
    this.#deleteTags = prepare(sql.deleteTags);
    this.#insertTag = prepare(sql.insertTag);
    this.#upsertContact = prepare(sql.upsertContact);
    this.#upsertContactStub = prepare(sql.upsertContactStub);
    this.#insertTagIfMissing = prepare(sql.insertTagIfMissing);
    this.#removeDocument = prepare(sql.removeDocument);
    this.#addDocument = prepare(sql.addDocument);
    this.#state = { upsert: prepare(sql.upsertState), remove: prepare(sql.deleteState) };
    this.#writePage = immediateTransaction(sqlite, (batch, pageState, now) => {
      for (const write of batch) this.#writeOne(write);
      if (pageState !== undefined) writeStateValues(this.#state, pageState, now);
    });
    this.#upsertContacts = immediateTransaction(sqlite, (rows: ContactRow[]) => {
      for (const row of rows) this.#upsertContact.run(contactValues(row, 1));
    });
  }

  /**
   * Writes the page and `state` (sync_state keys, `undefined` removes one; `now` is their updated_at in
   * Unix seconds) in one transaction: after a crash, either all of it is there or none.
   */
  write(batch: Iterable<ConversationWrite>, state: Record<string, unknown> | undefined, now: number): void {
    this.#writePage(batch, state, now);
  }

  /** Full contacts (fetched = 1), replacing stubs and older copies, in their own transaction. */
  upsertContacts(rows: ContactRow[]): void {
    this.#upsertContacts(rows);
  }

  #writeOne({ conversation, parts, contacts, tags, contactStubs }: ConversationWrite): void {
    const id = conversation.id;
    // Looked up first: for a conversation not stored yet (most of a first sync) there is nothing to
    // remove, neither search document nor rows (foreign keys: no part, contact or tag row without it).
    const storedRowId = this.#storedRowId.get(id) as number | undefined;
    const stored = storedRowId !== undefined;
    if (stored) this.#removeDocument.run(storedRowId);
    const row = { ...conversation, parts_stored: parts.length };
    const rowId = this.#upsertConversation.get(bindRow(row, conversationColumns)) as number;

    if (stored) this.#deleteParts.run(id);
    for (const part of parts) {
      this.#insertPart.run(bindRow({ ...part, conversation_id: id }, partColumns));
    }
    if (stored) this.#deleteContacts.run(id);
    for (const contact of contacts) this.#insertContact.run(id, contact.contact_id, contact.position);
    for (const stub of contactStubs) this.#upsertContactStub.run(contactValues(stub, 0));
    if (stored) this.#deleteTags.run(id);
    for (const tag of tags) {
      this.#insertTagIfMissing.run(tag.tag_id, tag.name, conversation.synced_at);
      this.#insertTag.run(id, tag.tag_id, tag.applied_at);
    }

    const document = searchDocument(conversation, parts);
    this.#addDocument.run(rowId, document.subject, document.body);
  }
}
