import type Database from 'better-sqlite3';
import type { ContactRow, ConversationRow, ConversationWrite, PartRow } from '@fastintercom/core';

/**
 * Reads a synced database back as the `ConversationWrite` batches the sync wrote: the rows of each
 * conversation, its parts, contacts and tags, and the contacts it refers to. The ingest baseline
 * re-inserts exactly these rows; the scaling scenario writes copies of them.
 */
export function* storedConversationBatches(
  sqlite: Database.Database,
  batchSize = 150,
): Generator<ConversationWrite[]> {
  const conversations = sqlite.prepare(
    'SELECT * FROM conversations WHERE row_id > ? ORDER BY row_id LIMIT ?',
  );
  const inBatch = 'IN (SELECT value FROM json_each(?))';
  const parts = sqlite.prepare(
    `SELECT * FROM conversation_parts WHERE conversation_id ${inBatch} ORDER BY conversation_id, position`,
  );
  const contacts = sqlite.prepare(
    `SELECT conversation_id, contact_id, position FROM conversation_contacts WHERE conversation_id ${inBatch}`,
  );
  const tags = sqlite.prepare(
    `SELECT ct.conversation_id, ct.tag_id, t.name, ct.applied_at
       FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
      WHERE ct.conversation_id ${inBatch}`,
  );
  const contactRows = sqlite.prepare(
    `SELECT * FROM contacts WHERE id IN
       (SELECT contact_id FROM conversation_contacts WHERE conversation_id ${inBatch})`,
  );

  let after = 0;
  for (;;) {
    const rows = conversations.all(after, batchSize) as (ConversationRow & { row_id: number })[];
    if (rows.length === 0) return;
    after = rows.at(-1)!.row_id;
    const ids = JSON.stringify(rows.map((row) => row.id));
    const byId = new Map<string, ConversationWrite>();
    for (const { row_id: _rowId, ...conversation } of rows) {
      byId.set(conversation.id, { conversation, parts: [], contacts: [], tags: [], contactStubs: [] });
    }
    for (const part of parts.all(ids) as PartRow[]) byId.get(part.conversation_id)?.parts.push(part);
    const contactById = new Map((contactRows.all(ids) as ContactRow[]).map((row) => [row.id, row]));
    for (const link of contacts.all(ids) as {
      conversation_id: string;
      contact_id: string;
      position: number;
    }[]) {
      const write = byId.get(link.conversation_id);
      write?.contacts.push({ contact_id: link.contact_id, position: link.position });
      const contact = contactById.get(link.contact_id);
      if (contact !== undefined) write?.contactStubs.push(contact);
    }
    for (const tag of tags.all(ids) as {
      conversation_id: string;
      tag_id: string;
      name: string;
      applied_at: number | null;
    }[]) {
      byId
        .get(tag.conversation_id)
        ?.tags.push({ tag_id: tag.tag_id, name: tag.name, applied_at: tag.applied_at });
    }
    for (const write of byId.values()) write.contacts.sort((a, b) => a.position - b.position);
    yield [...byId.values()];
  }
}
