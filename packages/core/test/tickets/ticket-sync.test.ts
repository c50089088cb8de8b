import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, FakeIntercomOptions } from '@fastintercom/fake-intercom';
import BetterSqlite3 from 'better-sqlite3';
import { runSync } from '../../src/sync/run-sync.js';
import type { SyncResult } from '../../src/sync/sync-types.js';
import { TICKET_STATE_KEYS } from '../../src/sync/ticket-sync.js';
import {
  FAST_RETRIES,
  readDatabase,
  syncState,
  tempDatabase,
  testConfig,
} from '../sync/fixtures/sync-fixtures.js';
import { assertCompaniesMatchTruth, assertTicketsMatchTruth } from './ticket-truth.js';

async function withFake(
  options: FakeIntercomOptions,
  body: (
    fake: FakeIntercom,
    sync: (mode?: 'full' | 'incremental' | 'reconcile') => Promise<SyncResult>,
    dbPath: string,
  ) => Promise<void>,
): Promise<void> {
  const fake = await startFakeIntercom(options);
  const { dbPath, cleanup } = tempDatabase();
  const sync = (mode: 'full' | 'incremental' | 'reconcile' = 'incremental'): Promise<SyncResult> =>
    mode === 'reconcile'
      ? runSync(testConfig(fake, dbPath), { mode: 'incremental', reconcile: 'all', client: FAST_RETRIES })
      : runSync(testConfig(fake, dbPath), { mode, client: FAST_RETRIES });
  try {
    await body(fake, sync, dbPath);
  } finally {
    await fake.close();
    cleanup();
  }
}

test('a sync stores every ticket, ticket type and company as the fake holds them; changes and deletions follow incrementally', async () => {
  await withFake({ conversations: 120, seed: 5 }, async (fake, sync, dbPath) => {
    const first = await sync('full');
    assert.equal(first.status, 'succeeded');
    const truth = fake.truth();
    assert.ok(truth.tickets.length > 10 && truth.companies.length > 5, 'the fake has tickets and companies');
    assert.equal(first.tickets?.synced, truth.tickets.length);
    assertTicketsMatchTruth(dbPath, truth);
    assertCompaniesMatchTruth(dbPath, truth);
    assert.deepEqual(first.missingPermissions, []);

    const at = truth.now + 120;
    const changed = fake.advance({
      newTickets: 3,
      ticketReplies: 6,
      ticketStateChanges: 4,
      ticketAttributeEdits: 2,
      ticketDeletions: 2,
      companyEdits: 3,
      at,
    });
    assert.equal(changed.deletedTickets?.length, 2);
    fake.flushSearchIndex();
    // Intercom lists no deleted tickets: a reconciling run (every `reconcileHours`, or asked for) lists
    // every ticket's stamp and reads the stored ones it did not see, so the deleted ones answer 404.
    const second = await sync('reconcile');
    assert.equal(second.status, 'succeeded');
    assert.equal(second.tickets?.deleted, 2);
    assertTicketsMatchTruth(dbPath, fake.truth());
    assertCompaniesMatchTruth(dbPath, fake.truth());
    // Only what changed is fetched again, even when every ticket is listed.
    assert.equal(second.tickets?.synced, changed.updatedTickets.length + changed.createdTickets.length);
    assert.deepEqual(syncState(dbPath, TICKET_STATE_KEYS.checkpoint), {
      updatedAt: Math.max(...fake.truth().tickets.map((ticket) => ticket.updated_at)),
      id: syncState<{ id: string }>(dbPath, TICKET_STATE_KEYS.checkpoint)!.id,
    });
  });
});

test('realistic API: a bulk second of tickets, a lagging index and fetches that fail, then heal: the copy equals the truth', async () => {
  await withFake(
    { conversations: 300, tickets: 400, seed: 11, realistic: true },
    async (fake, sync, dbPath) => {
      const bulkAt = fake.truth().now + 60;
      const bulk = fake.advance({ ticketReplies: 400, ticketStateChanges: 150, at: bulkAt });
      assert.ok(
        (bulk.updatedTickets?.length ?? 0) > 150,
        `${bulk.updatedTickets?.length} tickets share one second`,
      );
      fake.flushSearchIndex();
      const broken = fake
        .truth()
        .tickets.slice(0, 3)
        .map((ticket) => ticket.id);
      fake.failConversations(broken, '500');
      const first = await sync('full');
      assert.equal(first.status, 'partial', 'failing fetches leave the run partial');
      assert.ok((first.tickets?.denseSeconds ?? 0) >= 1, 'the bulk second was listed by created_at');
      assert.equal(first.tickets?.outstandingFailures, 3);
      const failures = readDatabase(dbPath, (sqlite) =>
        sqlite.prepare("SELECT id FROM sync_failures WHERE kind = 'ticket' ORDER BY id").pluck().all(),
      );
      assert.deepEqual(failures, [...broken].sort());

      fake.healConversations();
      // A change indexed late: the next run still finds it through the lookback.
      const late = fake.advance({ ticketReplies: 5, at: bulkAt + 300 });
      fake.holdSearchIndex(late.updatedTickets ?? []);
      await sync();
      fake.flushSearchIndex();
      const third = await sync();
      assert.equal(third.status, 'succeeded');
      assert.equal(third.tickets?.outstandingFailures, 0);
      assertTicketsMatchTruth(dbPath, fake.truth());
      assertCompaniesMatchTruth(dbPath, fake.truth());
    },
  );
});

test('a token without ticket or company access syncs conversations and reports what it could not read', async () => {
  await withFake(
    { conversations: 40, seed: 2, missingPermissions: ['tickets', 'companies'] },
    async (_fake, sync, dbPath) => {
      const result = await sync('full');
      assert.equal(result.status, 'succeeded');
      assert.ok(result.conversationsSynced > 0);
      assert.deepEqual(result.missingPermissions.map((missing) => missing.permission).sort(), [
        'Read and list users and companies',
        'Read tickets',
      ]);
      assert.equal(result.tickets?.synced, 0);
      const counts = readDatabase(dbPath, (sqlite) =>
        sqlite
          .prepare('SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM companies)')
          .pluck()
          .get(),
      );
      assert.equal(counts, 0);
    },
  );
});

test('a stored company the list no longer shows is removed only once GET /companies/{id} answers 404', async () => {
  await withFake({ conversations: 40, seed: 4 }, async (fake, sync, dbPath) => {
    await sync('full');
    const sqlite = new BetterSqlite3(dbPath);
    const kept = fake.truth().companies[0]!.id;
    try {
      // One company Intercom deleted since, and one the list "missed" (as a page shift would).
      sqlite
        .prepare(
          `INSERT INTO companies (id, name, custom_attributes, synced_at) VALUES ('gone-company', 'Gone', '{}', 1)`,
        )
        .run();
    } finally {
      sqlite.close();
    }
    // A reconciliation reads the whole list (an incremental run within the day would not).
    const result = await sync('reconcile');
    assert.equal(result.companies?.relisted, true);
    assert.equal(result.companies?.removed, 1);
    assert.equal(result.companies?.confirmed, 0);
    assertCompaniesMatchTruth(dbPath, fake.truth());
    assert.ok(
      readDatabase(dbPath, (db) => db.prepare('SELECT 1 FROM companies WHERE id = ?').get(kept)) !==
        undefined,
    );
  });
});

test("progress says 'done' once, last, after the ticket and company passes (which it names as they start)", async () => {
  const fake = await startFakeIntercom({
    rateLimitPerMinute: 0,
    conversations: 40,
    tickets: 12,
    companies: 6,
  });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const phases: string[] = [];
    let requestsAtDone = -1;
    const result = await runSync(testConfig(fake, dbPath), {
      mode: 'full',
      client: FAST_RETRIES,
      onProgress: (event) => {
        if (phases.at(-1) !== event.phase) phases.push(event.phase);
        if (event.phase === 'done') requestsAtDone = event.apiRequests;
      },
    });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(phases.slice(-3), ['tickets', 'companies', 'done']);
    assert.equal(phases.filter((phase) => phase === 'done').length, 1);
    assert.ok(phases.indexOf('conversations') < phases.indexOf('tickets'));
    // The last event counts the passes' requests too: the run's total.
    assert.equal(requestsAtDone, result.apiRequests);
  } finally {
    cleanup();
    await fake.close();
  }
});

test('between relists an incremental sync reads no company list: it fetches only the companies contacts name and the copy lacks', async () => {
  await withFake({ conversations: 40, seed: 6 }, async (fake, sync, dbPath) => {
    const first = await sync('full');
    assert.equal(first.companies?.relisted, true);
    assertCompaniesMatchTruth(dbPath, fake.truth());
    const named = readDatabase(dbPath, (db) =>
      db
        .prepare('SELECT DISTINCT company_id FROM contact_companies ORDER BY company_id LIMIT 2')
        .pluck()
        .all(),
    ) as string[];
    assert.equal(named.length, 2);
    // Two companies the copy lost (as if new since the last relist), one that contacts name and Intercom deleted.
    const sqlite = new BetterSqlite3(dbPath);
    try {
      const remove = sqlite.prepare('DELETE FROM companies WHERE id = ?');
      for (const id of named) remove.run(id);
      sqlite
        .prepare(
          `INSERT INTO contact_companies (contact_id, company_id) SELECT id, 'deleted-company' FROM contacts LIMIT 1`,
        )
        .run();
    } finally {
      sqlite.close();
    }
    const routes = (): Record<string, number> => ({ ...fake.stats().byRoute });
    const before = routes();
    const result = await sync();
    const after = routes();
    const delta = (route: string): number => (after[route] ?? 0) - (before[route] ?? 0);
    assert.equal(result.companies?.relisted, false);
    assert.equal(delta('GET /companies'), 0, 'no list request');
    assert.equal(delta('GET /companies/{id}'), 3, 'one request per missing company');
    assert.equal(result.companies?.fetched, 2);
    assert.equal(result.companies?.removed, 1);
    assertCompaniesMatchTruth(dbPath, fake.truth());
    assert.equal(
      readDatabase(dbPath, (db) =>
        db
          .prepare(`SELECT count(*) FROM contact_companies WHERE company_id = 'deleted-company'`)
          .pluck()
          .get(),
      ),
      0,
    );
    // Nothing left to fetch: the next run asks for no company at all.
    const quiet = routes();
    await sync();
    assert.equal((routes()['GET /companies/{id}'] ?? 0) - (quiet['GET /companies/{id}'] ?? 0), 0);
  });
});
