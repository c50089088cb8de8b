import Database from 'better-sqlite3';
import type { ConversationWrite } from '@fastintercom/core';
import { openDatabase } from '@fastintercom/core';
import { sqliteOf } from '@fastintercom/core/internal';
import { storedConversationBatches } from '../stored-conversations.js';

export interface IngestBaselineResult {
  conversations: number;
  parts: number;
  /** Time spent inside the write transactions only (reading the source rows is not counted). */
  writeMs: number;
  conversationsPerSecond: number;
}

/**
 * The ceiling of what this schema can take in one process: the rows a sync wrote (read back from
 * `sourceDbPath`) inserted into a fresh database with the same migrations and pragmas
 * (core's `openDatabase`), straight through better-sqlite3 prepared statements, one transaction per
 * 150 conversations, search index included. No HTTP, no parsing, no mapping, no upserts.
 */
export async function runIngestBaseline(
  sourceDbPath: string,
  targetDbPath: string,
  onBatch?: (done: number) => void,
): Promise<IngestBaselineResult> {
  const source = new Database(sourceDbPath, { readonly: true, fileMustExist: true });
  const target = await openDatabase(targetDbPath);
  try {
    const write = baselineWriter(sqliteOf(target));
    let conversations = 0;
    let parts = 0;
    let writeMs = 0;
    for (const batch of storedConversationBatches(source, 150)) {
      const started = performance.now();
      write(batch);
      writeMs += performance.now() - started;
      conversations += batch.length;
      parts += batch.reduce((total, item) => total + item.parts.length, 0);
      onBatch?.(conversations);
    }
    return {
      conversations,
      parts,
      writeMs: Math.round(writeMs),
      conversationsPerSecond: writeMs > 0 ? Math.round((conversations / writeMs) * 1000 * 10) / 10 : 0,
    };
  } finally {
    source.close();
    await target.close();
  }
}

/** One transaction per batch of plain INSERTs, the search document built in JavaScript. */
function baselineWriter(sqlite: Database.Database): (batch: ConversationWrite[]) => void {
  const cache = new Map<string, Database.Statement>();
  const insert = (table: string, row: object, conflict = ''): Database.RunResult => {
    const columns = Object.keys(row);
    const key = `${table}:${columns.join(',')}:${conflict}`;
    let statement = cache.get(key);
    if (statement === undefined) {
      statement = sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ${conflict}`,
      );
      cache.set(key, statement);
    }
    return statement.run(row);
  };
  const insertDocument = sqlite.prepare(
    'INSERT INTO conversations_fts (rowid, subject, body) VALUES (?, ?, ?)',
  );

  return sqlite.transaction((batch: ConversationWrite[]) => {
    for (const { conversation, parts, contacts, tags, contactStubs } of batch) {
      const rowId = insert('conversations', { ...conversation, parts_stored: parts.length }).lastInsertRowid;
      for (const part of parts) insert('conversation_parts', { ...part, conversation_id: conversation.id });
      for (const contact of contactStubs) insert('contacts', contact, 'ON CONFLICT (id) DO NOTHING');
      for (const contact of contacts)
        insert('conversation_contacts', { conversation_id: conversation.id, ...contact });
      for (const tag of tags) {
        const synced = { id: tag.tag_id, name: tag.name, synced_at: conversation.synced_at };
        insert('tags', synced, 'ON CONFLICT (id) DO NOTHING');
        insert('conversation_tags', {
          conversation_id: conversation.id,
          tag_id: tag.tag_id,
          applied_at: tag.applied_at,
        });
      }
      // The document as the conversation_documents view builds it: subject, then every message's text.
      const subject = `${conversation.title ?? ''} ${conversation.source_subject ?? ''}`.trim();
      const texts = parts
        .map((part) => part.body_text)
        .filter((text) => text !== null && text !== undefined && text !== '');
      const body = [conversation.source_body_text, texts.length > 0 ? texts.join('\n') : null]
        .filter((text) => text !== null && text !== undefined)
        .join('\n');
      insertDocument.run(rowId, subject, body);
    }
  });
}
