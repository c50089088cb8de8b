import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { FicDatabase } from '../../src/db/open-database.js';
import { verifyDatabase } from '../../src/db/verify-database.js';
import type { VerifyReport } from '../../src/db/verify-database.js';
import { TicketRepository } from '../../src/db/ticket-repository.js';
import { ticketRowsFromPayload } from '../../src/sync/ticket-mapper.js';
import { conversationWrite } from './fixtures.js';

let dir: string;
let goodFile: string;

/** A synced database: three conversations, their checkpoint and a ticket. Each test damages its own copy. */
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-verify-'));
  goodFile = path.join(dir, 'good.db');
  const database = await openDatabase(goodFile);
  new ConversationRepository(database).writeConversations(
    [
      conversationWrite('c1', { updatedAt: 1_700_000_100, parts: ['one', 'two', 'three'] }),
      conversationWrite('c2', { updatedAt: 1_700_000_200, parts: ['four', 'five'] }),
      conversationWrite('c3', { updatedAt: 1_700_000_300, parts: ['six'] }),
    ],
    { checkpoint: { updatedAt: 1_700_000_300, id: 'c3' } },
  );
  // The spec's GET /tickets/{id} example: a ticket with parts, in tickets_fts.
  const ticket = fs.readFileSync(
    new URL('../fixtures/intercom-examples/ticket_with_parts.json', import.meta.url),
    'utf8',
  );
  new TicketRepository(database, { now: () => 1_700_000_400 }).writePage({
    tickets: [{ rows: ticketRowsFromPayload(ticket, 1_700_000_400), rawJson: ticket }],
    deleted: [],
    failures: [],
    state: {},
  });
  await database.close(); // folds the WAL into the file, so a file copy is the whole database
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Copies the good database, damages the copy with raw SQL (foreign keys off), verifies it. */
async function verifyDamaged(
  damage: string | ((raw: BetterSqlite3.Database) => void),
): Promise<VerifyReport> {
  const file = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(goodFile, file);
  const raw = new BetterSqlite3(file);
  raw.unsafeMode(true); // lets the damage reach shadow tables and the schema
  raw.pragma('foreign_keys = OFF');
  if (typeof damage === 'string') raw.exec(damage);
  else damage(raw);
  raw.close();
  // Read-only, as fic verify opens it: a read-write open refuses a file that fails quick_check.
  return verifyCopy(file, true);
}

async function verifyCopy(file: string, readonly = false): Promise<VerifyReport> {
  const database: FicDatabase = await openDatabase(file, { readonly });
  try {
    return verifyDatabase(database);
  } finally {
    await database.close();
  }
}

function failed(report: VerifyReport): string[] {
  return report.checks.filter((check) => !check.ok).map((check) => check.name);
}

test('a synced database passes every check, read-write or read-only', async () => {
  for (const readonly of [false, true]) {
    const report = await verifyCopy(goodFile, readonly);
    assert.deepEqual(failed(report), [], JSON.stringify(report.checks));
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.checks.map((check) => check.name),
      [
        'integrity',
        'foreign_keys',
        'search_index',
        'search_index_rows',
        'ticket_search_index',
        'ticket_search_index_rows',
        'part_positions',
        'part_order',
        'parts_stored',
        'checkpoint',
        'raw_payloads',
        'table_counts',
        'performance_rollups',
        'recent_links',
      ],
    );
  }
});

test("a tag or contact link whose copy of updated_at or row_id differs from its conversation's", async () => {
  const report = await verifyDamaged(
    `DROP TRIGGER conversations_recent_links;
     UPDATE conversations SET updated_at = updated_at + 5 WHERE id = 'c1';
     UPDATE conversation_contacts SET conversation_row_id = 99 WHERE conversation_id = 'c2';`,
  );
  assert.deepEqual(failed(report), ['recent_links']);
  const detail = report.checks.find((check) => check.name === 'recent_links')!.detail;
  assert.match(detail, /^2 tag or contact links drifted/);
  assert.match(
    detail,
    /conversation_contacts c1\/contact-c1: updated_at 1700000100, conversation 1700000105/,
  );
});

test('a raw payload left behind by a conversation that is gone', async () => {
  const report = await verifyDamaged(
    `INSERT INTO raw_payloads (kind, id, fetched_at, encoding, body) VALUES ('conversation', 'c-gone', 1, 1, x'00');`,
  );
  assert.deepEqual(failed(report), ['raw_payloads']);
  assert.match(
    report.checks.find((check) => check.name === 'raw_payloads')!.detail,
    /1 raw payloads belong to no/,
  );
});

test('a part deleted behind the index: the index no longer matches the text', async () => {
  const report = await verifyDamaged(
    `DELETE FROM conversation_parts WHERE conversation_id = 'c1' AND position = 2;
     UPDATE conversations SET parts_stored = 2 WHERE id = 'c1';`,
  );
  assert.equal(report.ok, false);
  assert.deepEqual(failed(report), ['search_index']);
});

test("the tickets' search index is checked too: a title changed behind it, a document dropped", async () => {
  const changed = await verifyDamaged(`UPDATE tickets SET title = 'rewritten behind the index'`);
  assert.deepEqual(failed(changed), ['ticket_search_index']);
  assert.match(
    changed.checks.find((check) => check.name === 'ticket_search_index')!.detail,
    /tickets' full-text index does not match/,
  );
  const dropped = await verifyDamaged(`DELETE FROM tickets_fts_docsize`);
  assert.ok(failed(dropped).includes('ticket_search_index_rows'), JSON.stringify(dropped.checks));
});

test('a gap in part positions', async () => {
  const report = await verifyDamaged(
    `INSERT INTO conversation_parts (conversation_id, position, id, part_type, created_at)
       VALUES ('c2', 3, 'c2-extra', 'close', 1800000000);
     UPDATE conversations SET parts_stored = 3 WHERE id = 'c2';`,
  );
  assert.deepEqual(failed(report), ['part_positions']);
  assert.match(report.checks.find((check) => check.name === 'part_positions')!.detail, /c2/);
});

test('parts out of time order, and a parts_stored that does not match', async () => {
  const report = await verifyDamaged(
    `UPDATE conversation_parts SET created_at = 1 WHERE conversation_id = 'c1' AND position = 1;
     UPDATE conversations SET parts_stored = 7 WHERE id = 'c3';`,
  );
  assert.deepEqual(failed(report), ['part_order', 'parts_stored']);
});

test('a checkpoint beyond the stored data', async () => {
  const beyond = await verifyDamaged(
    `UPDATE sync_state SET value = '{"updatedAt":1700000999,"id":"c3"}' WHERE key = 'checkpoint'`,
  );
  assert.deepEqual(failed(beyond), ['checkpoint']);
  const unknownId = await verifyDamaged(
    `UPDATE sync_state SET value = '{"updatedAt":1700000200,"id":"c9"}' WHERE key = 'checkpoint'`,
  );
  assert.deepEqual(failed(unknownId), ['checkpoint']);
  const garbled = await verifyDamaged(
    `UPDATE sync_state SET value = '{"updatedAt":' WHERE key = 'checkpoint'`,
  );
  assert.deepEqual(failed(garbled), ['checkpoint']);
});

test("rows removed from the index's shadow tables", async () => {
  const docsize = await verifyDamaged(
    `DELETE FROM conversations_fts_docsize WHERE id = (SELECT row_id FROM conversations WHERE id = 'c2')`,
  );
  assert.ok(failed(docsize).includes('search_index_rows'), JSON.stringify(docsize.checks));
  const data = await verifyDamaged(`DELETE FROM conversations_fts_data WHERE id > 10`);
  assert.ok(failed(data).includes('search_index'), JSON.stringify(data.checks));
});

test('a part whose conversation is gone breaks the foreign keys', async () => {
  const report = await verifyDamaged(
    `INSERT INTO conversation_parts (conversation_id, position, id, part_type, created_at)
       VALUES ('ghost', 0, 'g0', 'comment', 1)`,
  );
  assert.ok(failed(report).includes('foreign_keys'), JSON.stringify(report.checks));
});

test('an index that disagrees with its table fails the integrity check', async () => {
  // Swapping two indexes' root pages leaves each holding entries of the other's columns.
  const report = await verifyDamaged((raw) => {
    const rootPage = raw.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck();
    const first = rootPage.get('conversations_created_at');
    const second = rootPage.get('conversations_admin_assignee');
    raw.pragma('writable_schema = ON');
    const setRootPage = raw.prepare('UPDATE sqlite_schema SET rootpage = ? WHERE name = ?');
    setRootPage.run(second, 'conversations_created_at');
    setRootPage.run(first, 'conversations_admin_assignee');
    raw.pragma('writable_schema = OFF');
  });
  assert.ok(failed(report).includes('integrity'), JSON.stringify(report.checks));
});
