import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversationWrite } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { FicDatabase } from '../../src/db/open-database.js';
import { sqliteOf } from '@fastintercom/core/internal';

/** Test data for the repository: conversations as the sync's mapper would hand them over. */

export interface ConversationSpec {
  updatedAt?: number;
  createdAt?: number;
  subject?: string | null;
  sourceBody?: string | null;
  /** Part bodies, oldest first. */
  parts?: string[];
  contacts?: { id: string; email?: string | null; name?: string | null }[];
  tags?: { id: string; name: string }[];
  syncedAt?: number;
}

export function conversationWrite(id: string, spec: ConversationSpec = {}): ConversationWrite {
  const createdAt = spec.createdAt ?? 1_700_000_000;
  const updatedAt = spec.updatedAt ?? createdAt + 3600;
  const syncedAt = spec.syncedAt ?? 1_800_000_000;
  const parts = spec.parts ?? ['Thanks for reaching out', 'Could you send a screenshot?'];
  const contacts = spec.contacts ?? [{ id: `contact-${id}`, email: `customer-${id}@example.com` }];
  return {
    conversation: {
      id,
      created_at: createdAt,
      updated_at: updatedAt,
      state: 'open',
      open: 1,
      read: 0,
      priority: 'not_priority',
      contact_id: contacts[0]?.id ?? null,
      source_type: 'conversation',
      source_delivered_as: 'customer_initiated',
      source_subject: spec.subject === undefined ? `Question ${id}` : spec.subject,
      source_body_text: spec.sourceBody === undefined ? `Opening message of ${id}` : spec.sourceBody,
      parts_total_count: parts.length,
      parts_stored: parts.length,
      parts_complete: 1,
      synced_at: syncedAt,
    },
    parts: parts.map((text, position) => ({
      conversation_id: id,
      position,
      id: `${id}-part-${position}`,
      part_type: 'comment',
      body_text: text,
      created_at: createdAt + 60 * (position + 1),
      author_type: position % 2 === 0 ? 'admin' : 'user',
      author_id: position % 2 === 0 ? 'admin-1' : (contacts[0]?.id ?? null),
      redacted: 0,
    })),
    contacts: contacts.map((contact, position) => ({ contact_id: contact.id, position })),
    tags: (spec.tags ?? []).map((tag) => ({ tag_id: tag.id, name: tag.name, applied_at: updatedAt })),
    contactStubs: contacts.map((contact) => ({
      id: contact.id,
      email: contact.email ?? null,
      name: contact.name ?? null,
      role: 'user',
      synced_at: syncedAt,
    })),
  };
}

export interface TempDatabase {
  database: FicDatabase;
  dir: string;
  file: string;
  /** Closes the database and removes the directory. */
  dispose(): Promise<void>;
}

export async function openTempDatabase(): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-db-'));
  const file = path.join(dir, 'data.db');
  const database = await openDatabase(file);
  return {
    database,
    dir,
    file,
    dispose: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of a process that has exited (spawned here and awaited), for stale locks and runs. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
  if (pid === undefined) throw new Error('the child process did not start');
  return pid;
}

/** Rows of a table in a stable order, for comparing whole states. */
export function tableRows(database: FicDatabase, table: string, orderBy: string): unknown[] {
  return sqliteOf(database).prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all();
}

/** Row ids of the conversations whose document matches an FTS5 query. */
export function searchIds(database: FicDatabase, match: string): number[] {
  return sqliteOf(database)
    .prepare('SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ? ORDER BY rowid')
    .pluck()
    .all(match) as number[];
}
