import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import {
  compiledSql,
  fillFromExcluded,
  lookupSql,
  placeholderRow,
  takeExcluded,
} from './prepared-statements.js';
import type { ConversationChildTable } from './prepared-statements.js';
import { rawPayloadSql } from './raw-payloads.js';
import type { RawPayloadSql } from './raw-payloads.js';
import { contactColumns, conversationColumns, partColumns } from './table-columns.js';

/**
 * The SQL of every statement a sync page write runs, built once with Kysely and handed on as text, so
 * the writer needs only better-sqlite3. Each binds positional values in the column order of
 * table-columns.ts.
 */
export interface PageWriteSql {
  /** row_id by id (plucked). */
  readonly storedRowId: string;
  /** Upsert by id keeping row_id (never INSERT OR REPLACE: it would renumber row_id and cascade-delete). RETURNING row_id. */
  readonly upsertConversation: string;
  readonly deleteParts: string;
  /** Every stored part of a conversation, by position. */
  readonly selectParts: string;
  readonly insertPart: string;
  readonly deleteContacts: string;
  /** (conversation_id, contact_id, position), ignoring a repeat. */
  readonly insertContact: string;
  readonly deleteTags: string;
  /** (conversation_id, tag_id, applied_at), ignoring a repeat. */
  readonly insertTag: string;
  /** A fetched contact: replaces a stub or an older copy. */
  readonly upsertContact: string;
  /** A contact as a conversation shows it: fills in a stub, leaves a fetched contact alone. */
  readonly upsertContactStub: string;
  /** (gone_at, merged_into_id, id): a contact Intercom no longer has (deleted or merged), kept and marked. */
  readonly markContactGone: string;
  /** The contact ids a conversation names (plucked). */
  readonly selectContactIds: string;
  /** (id, name, synced_at) of a tag seen on a conversation, stored if unknown. */
  readonly insertTagIfMissing: string;
  /** FTS5 'delete' of a conversation's document, read back through the view (by row_id). */
  readonly removeDocument: string;
  /** (row_id, subject, body) into the search index. */
  readonly addDocument: string;
  /** (key, value, updated_at) of sync_state. */
  readonly upsertState: string;
  /** sync_state by key. */
  readonly deleteState: string;
  readonly deleteLinkedObjects: string;
  /** (conversation_id, object_type, object_id, category), ignoring a repeat. */
  readonly insertLinkedObject: string;
  readonly deleteTeammates: string;
  /** (conversation_id, admin_id), ignoring a repeat. */
  readonly insertTeammate: string;
  readonly deleteAttachments: string;
  /** (conversation_id, part_id, position, name, url, content_type, filesize, width, height). */
  readonly insertAttachment: string;
  /** The raw payload statements (raw-payloads.ts). */
  readonly rawPayload: RawPayloadSql;
}

const attachmentColumns = [
  'conversation_id',
  'part_id',
  'position',
  'name',
  'url',
  'content_type',
  'filesize',
  'width',
  'height',
] as const;

const contactValueColumns = contactColumns.filter((column) => column !== 'id');

const built = new WeakMap<Kysely<Database>, PageWriteSql>();

/** The statements of a page write for this database (built once per Kysely instance). */
export function pageWriteSql(database: Kysely<Database>): PageWriteSql {
  let sql = built.get(database);
  if (sql === undefined) {
    sql = buildPageWriteSql(database);
    built.set(database, sql);
  }
  return sql;
}

function buildPageWriteSql(database: Kysely<Database>): PageWriteSql {
  const db = database;
  const deleteWhereConversation = (table: ConversationChildTable): string =>
    compiledSql(db.deleteFrom(table).where('conversation_id', '=', '').compile(), 1);
  const insertContact = db.insertInto('contacts').values(placeholderRow('contacts', contactColumns));
  const insertTag = db.insertInto('tags').values(placeholderRow('tags', ['id', 'name', 'synced_at']));
  return Object.freeze({
    storedRowId: lookupSql(db, 'conversations', 'row_id', 'id'),
    upsertConversation: compiledSql(
      db
        .insertInto('conversations')
        .values(placeholderRow('conversations', conversationColumns))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet(
            takeExcluded(
              'conversations',
              conversationColumns.filter((c) => c !== 'id'),
            ),
          ),
        )
        .returning('row_id')
        .compile(),
      conversationColumns.length,
    ),
    deleteParts: deleteWhereConversation('conversation_parts'),
    selectParts: compiledSql(
      db
        .selectFrom('conversation_parts')
        .select(partColumns)
        .where('conversation_id', '=', '')
        .orderBy('position')
        .compile(),
      1,
    ),
    insertPart: compiledSql(
      db.insertInto('conversation_parts').values(placeholderRow('conversation_parts', partColumns)).compile(),
      partColumns.length,
    ),
    deleteContacts: deleteWhereConversation('conversation_contacts'),
    insertContact: compiledSql(
      db
        .insertInto('conversation_contacts')
        .values(
          placeholderRow('conversation_contacts', [
            'conversation_id',
            'contact_id',
            'position',
            'updated_at',
            'conversation_row_id',
          ]),
        )
        .onConflict((oc) => oc.doNothing())
        .compile(),
      5,
    ),
    deleteTags: deleteWhereConversation('conversation_tags'),
    insertTag: compiledSql(
      db
        .insertInto('conversation_tags')
        .values(
          placeholderRow('conversation_tags', [
            'conversation_id',
            'tag_id',
            'applied_at',
            'updated_at',
            'conversation_row_id',
          ]),
        )
        .onConflict((oc) => oc.doNothing())
        .compile(),
      5,
    ),
    upsertContact: compiledSql(
      insertContact
        .onConflict((oc) => oc.column('id').doUpdateSet(takeExcluded('contacts', contactValueColumns)))
        .compile(),
      contactColumns.length,
    ),
    upsertContactStub: compiledSql(
      insertContact
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(fillFromExcluded('contacts', contactValueColumns))
            .where(sql<boolean>`contacts.fetched = 0`),
        )
        .compile(),
      contactColumns.length,
    ),
    markContactGone: compiledSql(
      db.updateTable('contacts').set({ gone_at: 0, merged_into_id: '' }).where('id', '=', '').compile(),
      3,
    ),
    selectContactIds: compiledSql(
      db.selectFrom('conversation_contacts').select('contact_id').where('conversation_id', '=', '').compile(),
      1,
    ),
    insertTagIfMissing: compiledSql(insertTag.onConflict((oc) => oc.doNothing()).compile(), 3),
    // FTS5's 'delete' needs exactly the values it indexed: the document as the view builds it now.
    removeDocument: compiledSql(
      sql`INSERT INTO conversations_fts (conversations_fts, rowid, subject, body)
          SELECT 'delete', doc_id, subject, body FROM conversation_documents WHERE doc_id = ${0}`.compile(
        database,
      ),
      1,
    ),
    addDocument: compiledSql(
      sql`INSERT INTO conversations_fts (rowid, subject, body) VALUES (${0}, ${''}, ${''})`.compile(database),
      3,
    ),
    upsertState: compiledSql(
      db
        .insertInto('sync_state')
        .values(placeholderRow('sync_state', ['key', 'value', 'updated_at']))
        .onConflict((oc) => oc.column('key').doUpdateSet(takeExcluded('sync_state', ['value', 'updated_at'])))
        .compile(),
      3,
    ),
    deleteState: compiledSql(db.deleteFrom('sync_state').where('key', '=', '').compile(), 1),
    deleteLinkedObjects: deleteWhereConversation('conversation_linked_objects'),
    insertLinkedObject: compiledSql(
      db
        .insertInto('conversation_linked_objects')
        .values(
          placeholderRow('conversation_linked_objects', [
            'conversation_id',
            'object_type',
            'object_id',
            'category',
          ]),
        )
        .onConflict((oc) => oc.doNothing())
        .compile(),
      4,
    ),
    deleteTeammates: deleteWhereConversation('conversation_teammates'),
    insertTeammate: compiledSql(
      db
        .insertInto('conversation_teammates')
        .values(placeholderRow('conversation_teammates', ['conversation_id', 'admin_id']))
        .onConflict((oc) => oc.doNothing())
        .compile(),
      2,
    ),
    deleteAttachments: deleteWhereConversation('conversation_attachments'),
    insertAttachment: compiledSql(
      db
        .insertInto('conversation_attachments')
        .values(placeholderRow('conversation_attachments', attachmentColumns))
        .compile(),
      attachmentColumns.length,
    ),
    rawPayload: rawPayloadSql(database),
  });
}
