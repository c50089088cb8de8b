import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { FicDatabase } from '../../src/db/open-database.js';
import { buildConversation, DAY, NOW } from './conversation-builder.js';
import type { ConversationSpec, Directory } from './conversation-builder.js';
import { curatedConversations, DIRECTORY, paginationConversations } from './curated-workspace.js';

export { curatedConversations, DIRECTORY, paginationConversations } from './curated-workspace.js';

/** A real SQLite file seeded through ConversationRepository.writeConversations (the real write path). */
export interface QueryFixture {
  database: FicDatabase;
  /** The SQLite file, for a server or process to open. */
  dbPath: string;
  repository: ConversationRepository;
  directory: Directory;
  close(): Promise<void>;
}

export async function createQueryFixture(
  specs: ConversationSpec[] = [...curatedConversations(), ...paginationConversations()],
): Promise<QueryFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-queries-'));
  const dbPath = path.join(dir, 'data.db');
  const database = await openDatabase(dbPath);
  const repository = new ConversationRepository(database, { now: () => NOW * 1000 });
  repository.replaceAdmins(
    [...DIRECTORY.admins.values()].map((admin) => ({
      id: admin.id,
      name: admin.name,
      email: admin.email,
      away_mode_enabled: 0,
      away_mode_reassign: 0,
      has_inbox_seat: 1,
      synced_at: NOW,
    })),
  );
  repository.replaceTeams([
    { team: { id: 't1', name: 'Billing', synced_at: NOW }, adminIds: ['a1', 'a3'] },
    { team: { id: 't2', name: 'Support', synced_at: NOW }, adminIds: ['a2', 'a3'] },
  ]);
  repository.upsertTags([...DIRECTORY.tags].map(([id, name]) => ({ id, name, synced_at: NOW })));
  repository.upsertContacts([
    {
      id: 'u1',
      role: 'user',
      email: 'ann@acme.test',
      name: 'Ann Customer',
      phone: '+1 555 0100',
      location_country: 'Germany',
      location_city: 'Berlin',
      created_at: NOW - 400 * DAY,
      updated_at: NOW - DAY,
      synced_at: NOW,
    },
  ]);
  for (let start = 0; start < specs.length; start += 50) {
    repository.writeConversations(
      specs.slice(start, start + 50).map((spec) => buildConversation(spec, DIRECTORY)),
    );
  }
  return {
    database,
    dbPath,
    repository,
    directory: DIRECTORY,
    close: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createEmptyDatabase(): Promise<{ database: FicDatabase; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-queries-empty-'));
  const database = await openDatabase(path.join(dir, 'data.db'));
  return {
    database,
    close: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
