import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { ConversationPartsTable, ConversationsTable } from './database-schema.js';
import type { PageWriteSql } from './page-write-sql.js';
import type { ContactRow } from './reference-data-repository.js';
import type { DeletionWrite, FailureKind, FailureWrite, SyncLedger } from './sync-ledger.js';
import { searchDocument } from './search-document.js';
import { bindRow, contactValues, immediateTransaction, writeStateValues } from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { encodedPayloadValues } from './raw-payloads.js';
import type { CompressedPayload, PayloadCodec } from './raw-payloads.js';
import { conversationColumns, partColumns } from './table-columns.js';
import type { AttachmentRow, LinkedObjectRow } from '../sync/conversation-fields.js';

export type ConversationRow = Omit<Insertable<ConversationsTable>, 'row_id'>;
export type PartRow = Insertable<ConversationPartsTable>;

/** One conversation as a sync page writes it: the row and everything that hangs off it. */
export interface ConversationWrite {
  /**
   * `parts_stored` and `parts_complete` are set from the parts the copy holds once this write is merged
   * with what it held (see `parts`).
   */
  conversation: ConversationRow;
  /**
   * Positions 0..n-1, oldest first. `conversation_id` is set from the conversation. When these are fewer
   * than `conversation.parts_total_count` (the API shows only the 500 most recent), they are a window:
   * stored parts older than it are kept, so the copy never loses what fell out of the API's view.
   */
  parts: PartRow[];
  contacts: { contact_id: string; position: number }[];
  tags: { tag_id: string; name: string; applied_at: number | null }[];
  /** Contacts as the conversation shows them (id, maybe email/name): stored if unknown, never overwriting fetched data. */
  contactStubs: ContactRow[];
  /** Tickets and conversations linked to this one. */
  linkedObjects?: LinkedObjectRow[];
  /** Admin ids of the teammates who took part. */
  teammates?: string[];
  /** Of the opening message and of the parts in `parts`. */
  attachments?: AttachmentRow[];
  /**
   * The GET /conversations/{id} body exactly as the API returned it, compressed (PayloadCodec);
   * stored in raw_payloads with the rows. Absent: the stored payload is left as it is.
   */
  rawPayload?: CompressedPayload;
}

/** Everything one sync page writes, in one transaction. */
export interface PageWrite {
  conversations: Iterable<ConversationWrite>;
  /** Conversations Intercom deleted: removed with their parts, links and search document, tombstoned. */
  deletions?: readonly DeletionWrite[];
  /** Fetches that failed after their retries (recorded, or their attempts counted up). */
  failures?: readonly FailureWrite[];
  /** Contacts Intercom no longer has (GET /contacts/{id} answered 404): marked gone. */
  contactsGone?: readonly { id: string; mergedInto: string | null }[];
  /** Failures that no longer stand (the item was fetched or is gone). */
  resolved?: readonly { kind: FailureKind; id: string }[];
  /** sync_state keys (`undefined` removes one). */
  state?: Record<string, unknown>;
}

/** What a page write changed. */
export interface PageWriteResult {
  /** Deleted conversations the copy held and removed. */
  removed: number;
  /**
   * Contacts a rewritten conversation no longer names (a contact merge moves conversations to the
   * surviving contact), with the contact that took its place when there is one.
   */
  unlinkedContacts: { id: string; replacedBy: string | null }[];
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
  readonly #upsertContactStub: Statement;
  readonly #insertTagIfMissing: Statement;
  readonly #removeDocument: Statement;
  readonly #addDocument: Statement;
  readonly #storedParts: Statement;
  readonly #markContactGone: Statement;
  readonly #contactIds: Statement;
  readonly #state: { upsert: Statement; remove: Statement };
  readonly #children: {
    deleteLinked: Statement;
    insertLinked: Statement;
    deleteTeammates: Statement;
    insertTeammate: Statement;
    deleteAttachments: Statement;
    deleteWindowAttachments: Statement;
    insertAttachment: Statement;
  };
  readonly #upsertPayload: Statement;
  readonly #storedPayload: Statement;
  readonly #ledger: SyncLedger;
  readonly #writePage: (page: PageWrite, now: number) => PageWriteResult;

  readonly #codec: PayloadCodec;

  /**
   * `afterPage` runs last inside each page's transaction: derived data that must change with the page
   * (the team performance rollups) hooks in there.
   */
  constructor(
    sqlite: BetterSqlite3.Database,
    sql: PageWriteSql,
    ledger: SyncLedger,
    codec: PayloadCodec,
    afterPage: () => void = () => undefined,
  ) {
    this.#codec = codec;
    const prepare = (text: string): Statement => sqlite.prepare(text);
    this.#storedRowId = prepare(sql.storedRowId).pluck();
    this.#upsertConversation = prepare(sql.upsertConversation).pluck();
    this.#deleteParts = prepare(sql.deleteParts);
    this.#insertPart = prepare(sql.insertPart);
    this.#deleteContacts = prepare(sql.deleteContacts);
    this.#insertContact = prepare(sql.insertContact);
    this.#deleteTags = prepare(sql.deleteTags);
    this.#insertTag = prepare(sql.insertTag);
    this.#upsertContactStub = prepare(sql.upsertContactStub);
    this.#insertTagIfMissing = prepare(sql.insertTagIfMissing);
    this.#removeDocument = prepare(sql.removeDocument);
    this.#addDocument = prepare(sql.addDocument);
    this.#storedParts = prepare(sql.selectParts);
    this.#markContactGone = prepare(sql.markContactGone);
    this.#contactIds = prepare(sql.selectContactIds).pluck();
    this.#state = { upsert: prepare(sql.upsertState), remove: prepare(sql.deleteState) };
    this.#children = {
      deleteLinked: prepare(sql.deleteLinkedObjects),
      insertLinked: prepare(sql.insertLinkedObject),
      deleteTeammates: prepare(sql.deleteTeammates),
      insertTeammate: prepare(sql.insertTeammate),
      deleteAttachments: prepare(sql.deleteAttachments),
      // Parts kept from before the API's window keep their attachments: only the opening message's and
      // the window's are replaced.
      deleteWindowAttachments: prepare(
        `DELETE FROM conversation_attachments WHERE conversation_id = ?
           AND (part_id IS NULL OR part_id IN (SELECT value FROM json_each(?)))`,
      ),
      insertAttachment: prepare(sql.insertAttachment),
    };
    this.#upsertPayload = prepare(sql.rawPayload.upsert);
    this.#storedPayload = prepare(sql.rawPayload.select);
    this.#ledger = ledger;
    this.#writePage = immediateTransaction(sqlite, (page: PageWrite, now: number): PageWriteResult => {
      const unlinkedContacts: PageWriteResult['unlinkedContacts'] = [];
      for (const write of page.conversations) this.#writeOne(write, unlinkedContacts);
      let removed = 0;
      for (const deletion of page.deletions ?? []) {
        const rowId = this.#storedRowId.get(deletion.id) as number | undefined;
        if (this.#ledger.removeConversation(deletion, now, rowId)) removed += 1;
      }
      for (const gone of page.contactsGone ?? []) this.#markContactGone.run(now, gone.mergedInto, gone.id);
      for (const failure of page.failures ?? []) this.#ledger.recordFailure(failure, now);
      for (const { kind, id } of page.resolved ?? []) this.#ledger.clearFailure(kind, id);
      if (page.state !== undefined) writeStateValues(this.#state, page.state, now);
      afterPage();
      return { removed, unlinkedContacts };
    });
  }

  /**
   * Writes the page and `state` (sync_state keys, `undefined` removes one; `now` is their updated_at in
   * Unix seconds) in one transaction: after a crash, either all of it is there or none.
   */
  write(page: PageWrite, now: number): PageWriteResult {
    return this.#writePage(page, now);
  }

  #writeOne(write: ConversationWrite, unlinked: PageWriteResult['unlinkedContacts']): void {
    const { conversation, parts: window, contacts, tags, contactStubs } = write;
    const id = conversation.id;
    // Looked up first: for a conversation not stored yet (most of a first sync) there is nothing to
    // remove, neither search document nor rows (foreign keys: no part, contact or tag row without it).
    const storedRowId = this.#storedRowId.get(id) as number | undefined;
    const stored = storedRowId !== undefined;
    const parts = stored ? this.#mergedParts(id, window, conversation.parts_total_count) : window;
    if (write.rawPayload !== undefined) {
      const { encoding } = write.rawPayload;
      const keptParts = parts === window ? null : this.#keptPartsPayload(id, parts, window, encoding);
      this.#upsertPayload.run(
        encodedPayloadValues({
          kind: 'conversation',
          id,
          fetchedAt: conversation.synced_at,
          encoding,
          body: write.rawPayload.body,
          keptParts,
        }),
      );
    }
    if (stored) this.#removeDocument.run(storedRowId);
    if (stored) {
      const before = this.#contactIds.all(id) as string[];
      const now = new Set(contacts.map((contact) => contact.contact_id));
      const added = contacts.find((contact) => !before.includes(contact.contact_id))?.contact_id ?? null;
      for (const old of before) if (!now.has(old)) unlinked.push({ id: old, replacedBy: added });
      // Before the upsert: the trigger copying a new updated_at to the links (migration 0011) then
      // finds none to rewrite, as the links are replaced below with the value.
      this.#deleteContacts.run(id);
      this.#deleteTags.run(id);
    }
    const row = {
      ...conversation,
      parts_stored: parts.length,
      parts_complete: parts.length >= (conversation.parts_total_count ?? 0) ? 1 : 0,
    };
    const rowId = this.#upsertConversation.get(bindRow(row, conversationColumns)) as number;

    if (stored) this.#deleteParts.run(id);
    for (const part of parts) {
      this.#insertPart.run(bindRow({ ...part, conversation_id: id }, partColumns));
    }
    const updatedAt = conversation.updated_at;
    for (const contact of contacts) {
      this.#insertContact.run(id, contact.contact_id, contact.position, updatedAt, rowId);
    }
    for (const stub of contactStubs) this.#upsertContactStub.run(contactValues(stub, 0));
    for (const tag of tags) {
      this.#insertTagIfMissing.run(tag.tag_id, tag.name, conversation.synced_at);
      this.#insertTag.run(id, tag.tag_id, tag.applied_at, updatedAt, rowId);
    }

    this.#writeChildren(id, write, stored, parts !== window);

    const document = searchDocument(conversation, parts);
    this.#addDocument.run(rowId, document.subject, document.body);
  }

  /** Linked objects, teammates and attachments: replaced like parts (none stored when not given). */
  #writeChildren(id: string, write: ConversationWrite, stored: boolean, merged: boolean): void {
    const children = this.#children;
    if (stored) {
      children.deleteLinked.run(id);
      children.deleteTeammates.run(id);
      if (merged) {
        children.deleteWindowAttachments.run(id, JSON.stringify(write.parts.map((part) => part.id)));
      } else children.deleteAttachments.run(id);
    }
    for (const linked of write.linkedObjects ?? []) {
      children.insertLinked.run(id, linked.object_type, linked.object_id, linked.category);
    }
    for (const admin of write.teammates ?? []) children.insertTeammate.run(id, admin);
    for (const attachment of write.attachments ?? []) {
      children.insertAttachment.run(
        id,
        attachment.part_id,
        attachment.position,
        attachment.name,
        attachment.url,
        attachment.content_type,
        attachment.filesize,
        attachment.width,
        attachment.height,
      );
    }
  }

  /**
   * The JSON of the parts kept from earlier fetches (older than the API's window), so `fic rebuild`
   * loses nothing the copy holds: taken from the payload stored before (its own kept parts and its
   * window), compressed. Null when none of the kept parts' JSON is known (rows from before raw payloads).
   */
  #keptPartsPayload(
    id: string,
    parts: readonly PartRow[],
    window: readonly PartRow[],
    encoding: number,
  ): Uint8Array | null {
    const row = this.#storedPayload.get('conversation', id) as
      { body: Uint8Array; encoding: number; kept_parts: Uint8Array | null } | undefined;
    if (row === undefined) return null;
    const inWindow = new Set(window.map((part) => part.id));
    const keptIds = new Set(parts.filter((part) => !inWindow.has(part.id)).map((part) => part.id));
    const codec = this.#codec;
    const previous = JSON.parse(codec.decompress(row.body, row.encoding)) as {
      conversation_parts?: { conversation_parts?: { id: unknown }[] };
    };
    const earlier =
      row.kept_parts === null
        ? []
        : (JSON.parse(codec.decompress(row.kept_parts, row.encoding)) as { id: unknown }[]);
    const byId = new Map<string, unknown>();
    for (const part of [...earlier, ...(previous.conversation_parts?.conversation_parts ?? [])]) {
      const partId = String(part.id);
      if (keptIds.has(partId) && !byId.has(partId)) byId.set(partId, part);
    }
    if (byId.size === 0) return null;
    return codec.compressWith(encoding, JSON.stringify([...byId.values()]));
  }

  /**
   * The parts to store: the API's window when it is the whole thread; otherwise the stored parts older
   * than the window (ones that fell out of the API's 500 most recent) followed by the window, renumbered.
   */
  #mergedParts(id: string, window: PartRow[], totalCount: number | undefined): PartRow[] {
    if (window.length >= (totalCount ?? 0)) return window;
    const first = window[0];
    const inWindow = new Set(window.map((part) => part.id));
    const older = (this.#storedParts.all(id) as PartRow[]).filter(
      (part) => !inWindow.has(part.id) && (first === undefined || part.created_at <= first.created_at),
    );
    if (older.length === 0) return window;
    return [...older, ...window].map((part, position) => ({ ...part, position }));
  }
}
