import type { FicDatabase } from '../db/open-database.js';
import { all, placeholders } from './statement-cache.js';

/** The most ids one statement binds (SQLite's default limit is far above; pages are at most 100). */
const MAX_IDS = 500;

/**
 * The customer (first contact, `conversations.contact_id`) of each conversation, by id: what a list
 * of hits needs to hand a model the contact id it can pass to get_customer_context. Unknown ids and
 * conversations without a contact are absent.
 */
export function conversationContactIds(database: FicDatabase, ids: readonly string[]): Map<string, string> {
  const contacts = new Map<string, string>();
  for (let start = 0; start < ids.length; start += MAX_IDS) {
    const chunk = ids.slice(start, start + MAX_IDS);
    for (const row of all<{ id: string; contact_id: string }>(
      database,
      `SELECT id, contact_id FROM conversations WHERE id IN (${placeholders(chunk.length)}) AND contact_id IS NOT NULL`,
      chunk,
    )) {
      contacts.set(row.id, row.contact_id);
    }
  }
  return contacts;
}
