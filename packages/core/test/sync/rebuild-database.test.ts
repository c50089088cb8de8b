import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/db/open-database.js';
import { rawPayloadCounts, readRawPayloads } from '../../src/db/raw-payloads.js';
import { rebuildDatabase } from '../../src/sync/rebuild-database.js';
import { runSync } from '../../src/sync/run-sync.js';
import { assertConsistent, FAST_RETRIES, tempDatabase, testConfig } from './fixtures/sync-fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

/** Tables a sync derives from payloads (what rebuild must reproduce), with the order that makes a snapshot stable. */
const DERIVED = {
  conversations: 'id',
  conversation_parts: 'conversation_id, position',
  conversation_contacts: 'conversation_id, contact_id',
  conversation_tags: 'conversation_id, tag_id',
  conversation_linked_objects: 'conversation_id, object_type, object_id',
  conversation_teammates: 'conversation_id, admin_id',
  conversation_attachments: 'conversation_id, part_id, position',
  contacts: 'id',
  contact_tags: 'contact_id, tag_id',
  contact_companies: 'contact_id, company_id',
  tags: 'id',
  tickets: 'id',
  ticket_parts: 'ticket_id, position',
  ticket_contacts: 'ticket_id, contact_id',
  ticket_links: 'ticket_id, object_type, object_id',
  ticket_types: 'id',
  companies: 'id',
  company_tags: 'company_id, tag_id',
} as const;

function snapshot(dbPath: string): Record<string, unknown[]> {
  const sqlite = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(DERIVED)) {
      tables[table] = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
    }
    // The search index: every document it holds, read back through FTS5 itself.
    tables['conversations_fts'] = sqlite
      .prepare(`SELECT rowid, subject, body FROM conversations_fts ORDER BY rowid`)
      .all();
    tables['tickets_fts'] = sqlite
      .prepare(`SELECT rowid, subject, body FROM tickets_fts ORDER BY rowid`)
      .all();
    return tables;
  } finally {
    sqlite.close();
  }
}

test('rebuild re-derives every table from the raw payloads a sync stored: identical rows, damage repaired', async () => {
  const fake = await startFakeIntercom({
    rateLimitPerMinute: 0,
    realistic: true,
    conversations: 300,
    seed: 5,
  });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const run = await runSync(testConfig(fake, dbPath), { mode: 'full', client: FAST_RETRIES });
    assert.equal(run.status, 'succeeded');
    const before = snapshot(dbPath);
    assert.ok((before['conversations'] ?? []).length > 250);
    assert.ok((before['conversation_parts'] ?? []).length > 1000);

    const database = await openDatabase(dbPath);
    try {
      const counts = rawPayloadCounts(database);
      assert.equal(counts['conversation'], before['conversations']!.length);
      assert.ok((counts['contact'] ?? 0) > 0);
      assert.equal(counts['ticket'], before['tickets']!.length);
      assert.equal(counts['company'], before['companies']!.length);
      assert.ok(before['tickets']!.length > 10 && before['companies']!.length > 10);
      // The stored body is the response text itself.
      const [first] = readRawPayloads(database, 'conversation', null, 1);
      const response = await fetch(`${fake.url}/conversations/${first!.id}`, {
        headers: { Authorization: `Bearer ${fake.token}`, 'Intercom-Version': '2.16' },
      });
      assert.equal(first!.json, await response.text());
      const [ticket] = readRawPayloads(database, 'ticket', null, 1);
      const ticketResponse = await fetch(`${fake.url}/tickets/${ticket!.id}`, {
        headers: { Authorization: `Bearer ${fake.token}`, 'Intercom-Version': '2.16' },
      });
      assert.equal(
        ticket!.json,
        await ticketResponse.text(),
        'a ticket is kept as GET /tickets/{id} sent it',
      );

      // Damage only what is derived (nothing the search document is built from).
      sqliteOf(database).exec(`
        UPDATE conversations SET state = 'damaged', custom_attributes = NULL, sla_status = NULL, channel_initial = NULL;
        UPDATE conversation_parts SET author_name = NULL, tags = NULL;
        DELETE FROM conversation_teammates; DELETE FROM conversation_tags; DELETE FROM conversation_attachments;
        UPDATE contacts SET name = NULL, custom_attributes = NULL WHERE fetched = 1;
        DELETE FROM contact_tags; DELETE FROM contact_companies;
        UPDATE tickets SET admin_assignee_id = 'damaged'; DELETE FROM ticket_links; DELETE FROM ticket_contacts;
        UPDATE companies SET name = 'damaged', custom_attributes = '{}'; DELETE FROM company_tags;`);
      assert.notDeepEqual(snapshot(dbPath), before);

      const progress: string[] = [];
      const result = rebuildDatabase(database, {
        batchSize: 64,
        onProgress: (event) => progress.push(`${event.kind} ${event.done}/${event.total}`),
      });
      assert.equal(result.rebuilt.conversation, before['conversations']!.length);
      assert.deepEqual(result.withoutPayload, { conversations: 0, contacts: 0 });
      assert.ok(
        progress.includes(
          `conversation ${before['conversations']!.length}/${before['conversations']!.length}`,
        ),
      );
    } finally {
      await database.close();
    }
    assert.deepEqual(snapshot(dbPath), before);
    await assertConsistent(dbPath);
  } finally {
    await fake.close();
    cleanup();
  }
});
