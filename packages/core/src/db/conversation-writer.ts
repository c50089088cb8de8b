import type { Insertable } from 'kysely';
import type { ConversationPartsTable, ConversationsTable } from './database-schema.js';
import { FullTextIndex } from './full-text-index.js';
import type { FicDatabase } from './open-database.js';
import {
  bindRow,
  immediateTransaction,
  looseKysely,
  placeholderRow,
  prepareCompiled,
  prepareLookup,
  takeExcluded,
} from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import type { ContactRow, ReferenceDataRepository } from './reference-data-repository.js';
import type { SyncStateRepository } from './sync-state-repository.js';
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
 */
export class ConversationWriter {
  readonly #index: FullTextIndex;
  readonly #referenceData: ReferenceDataRepository;
  readonly #state: SyncStateRepository;
  readonly #storedRowId: Statement;
  readonly #upsertConversation: Statement;
  readonly #deleteParts: Statement;
  readonly #insertPart: Statement;
  readonly #deleteContacts: Statement;
  readonly #insertContact: Statement;
  readonly #deleteTags: Statement;
  readonly #insertTag: Statement;
  readonly #writePage: (batch: ConversationWrite[], state: Record<string, unknown> | undefined) => void;

  constructor(database: FicDatabase, referenceData: ReferenceDataRepository, state: SyncStateRepository) {
    const { sqlite } = database;
    const db = looseKysely(database.db);
    this.#index = new FullTextIndex(database);
    this.#referenceData = referenceData;
    this.#state = state;
    this.#storedRowId = prepareLookup(sqlite, db, 'conversations', 'row_id', 'id');
    // ON CONFLICT DO UPDATE, never INSERT OR REPLACE: a replace would renumber row_id (the search
    // index's key) and cascade-delete the parts.
    this.#upsertConversation = prepareCompiled(
      sqlite,
      db
        .insertInto('conversations')
        .values(placeholderRow(conversationColumns))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet(takeExcluded(conversationColumns.filter((c) => c !== 'id'))),
        )
        .returning('row_id')
        .compile(),
      conversationColumns.length,
    ).pluck();
    const deleteWhereConversation = (table: string): Statement =>
      prepareCompiled(sqlite, db.deleteFrom(table).where('conversation_id', '=', '').compile(), 1);
    this.#deleteParts = deleteWhereConversation('conversation_parts');
    this.#insertPart = prepareCompiled(
      sqlite,
      db.insertInto('conversation_parts').values(placeholderRow(partColumns)).compile(),
      partColumns.length,
    );
    this.#deleteContacts = deleteWhereConversation('conversation_contacts');
    this.#insertContact = prepareCompiled(
      sqlite,
      db
        .insertInto('conversation_contacts')
        .values(placeholderRow(['conversation_id', 'contact_id', 'position']))
        .onConflict((oc) => oc.doNothing())
        .compile(),
      3,
    );
    this.#deleteTags = deleteWhereConversation('conversation_tags');
    this.#insertTag = prepareCompiled(
      sqlite,
      db
        .insertInto('conversation_tags')
        .values(placeholderRow(['conversation_id', 'tag_id', 'applied_at']))
        .onConflict((oc) => oc.doNothing())
        .compile(),
      3,
    );
    this.#writePage = immediateTransaction(sqlite, (batch, pageState) => {
      for (const write of batch) this.#writeOne(write);
      if (pageState !== undefined) this.#state.writeMany(pageState);
    });
  }

  /** Writes the page and `state` in one transaction: after a crash, either all of it is there or none. */
  write(batch: ConversationWrite[], state?: Record<string, unknown>): void {
    this.#writePage(batch, state);
  }

  #writeOne({ conversation, parts, contacts, tags, contactStubs }: ConversationWrite): void {
    const id = conversation.id;
    // Looked up first: for a conversation not stored yet (most of a first sync) there is nothing to remove.
    const storedRowId = this.#storedRowId.get(id) as number | undefined;
    if (storedRowId !== undefined) this.#index.removeDocument(storedRowId);
    const row = { ...conversation, parts_stored: parts.length };
    const rowId = this.#upsertConversation.get(bindRow(row, conversationColumns)) as number;

    this.#deleteParts.run(id);
    for (const part of parts) {
      this.#insertPart.run(bindRow({ ...part, conversation_id: id }, partColumns));
    }
    this.#deleteContacts.run(id);
    for (const contact of contacts) this.#insertContact.run(id, contact.contact_id, contact.position);
    for (const stub of contactStubs) this.#referenceData.writeContactStub(stub);
    this.#deleteTags.run(id);
    for (const tag of tags) {
      this.#referenceData.writeTagIfMissing(tag.tag_id, tag.name, conversation.synced_at);
      this.#insertTag.run(id, tag.tag_id, tag.applied_at);
    }

    this.#index.addDocument(rowId);
  }
}
