import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getRecentConversations } from '../../src/queries/get-recent-conversations.js';
import type { GetRecentConversationsInput, RecentConversation } from '../../src/queries/query-types.js';
import { NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture();
});
after(() => fixture.close());

const recent = (input: GetRecentConversationsInput = {}) =>
  getRecentConversations(fixture.database, { now: NOW, ...input });
const ids = (conversations: RecentConversation[]) => conversations.map((conversation) => conversation.id);

/** Every stored conversation, newest activity first, read back without the query. */
function expectedOrder(where = '1 = 1', params: unknown[] = []): string[] {
  return sqliteOf(fixture.database)
    .prepare(`SELECT id FROM conversations WHERE ${where} ORDER BY updated_at DESC, row_id DESC`)
    .pluck()
    .all(...params) as string[];
}

test('newest activity first, with names joined', () => {
  const { conversations } = recent({ limit: 3 });
  assert.deepEqual(ids(conversations), ['c-unassigned', 'c-snoozed', 'c-refund-body']);
  const [first, second, third] = conversations;
  assert.equal(first!.customerEmail, 'ann@acme.test');
  assert.equal(first!.waitingSince, new Date((NOW - 6 * 3600) * 1000).toISOString());
  assert.equal(second!.state, 'snoozed');
  assert.equal(third!.adminAssigneeName, 'Bob Builder');
  assert.equal(third!.teamAssigneeName, 'Support');
  assert.equal(third!.updatedAtUnix, NOW - 20 * 3600);
});

test('pages walk the whole table in order without duplicates, ties included', () => {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = recent({ limit: 7, cursor });
    seen.push(...ids(page.conversations));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  assert.deepEqual(seen, expectedOrder());
  assert.equal(new Set(seen).size, seen.length);
  assert.equal(seen.length, 40);
});

test('state and date filters', () => {
  assert.deepEqual(
    ids(recent({ state: 'closed', limit: 100 }).conversations),
    expectedOrder(`state = 'closed'`),
  );
  assert.deepEqual(
    ids(recent({ since: '2d', limit: 100 }).conversations),
    expectedOrder('updated_at >= ?', [NOW - 2 * 86_400]),
  );
  assert.deepEqual(
    ids(recent({ since: '2026-02-01', until: '2026-02-20', dateField: 'created', limit: 100 }).conversations),
    expectedOrder('created_at >= ? AND created_at < ?', [
      Date.UTC(2026, 1, 1) / 1000,
      Date.UTC(2026, 1, 20) / 1000,
    ]),
  );
  assert.deepEqual(ids(recent({ adminAssignee: 'Carol Chen', state: 'open' }).conversations), [
    'c-twin-new',
    'c-long',
    'c-twin-old',
  ]);
  assert.deepEqual(ids(recent({ customerEmail: 'wang@cn.test' }).conversations), ['c-cjk']);
  assert.deepEqual(ids(recent({ tag: 'vip' }).conversations), ['c-cjk']);
});

test('defaults and limits', () => {
  const page = recent();
  assert.equal(page.conversations.length, 20);
  assert.notEqual(page.nextCursor, null);
  assert.equal(recent({ limit: 100 }).nextCursor, null);
  assert.throws(() => recent({ limit: 101 }), { code: 'invalid_input' });
  assert.throws(() => recent({ since: 'recently' }), { code: 'invalid_input' });
  assert.throws(() => recent({ cursor: 'garbage' }), { code: 'invalid_input' });
});

test('an empty database says to run fic sync', async () => {
  const empty = await createEmptyDatabase();
  try {
    assert.throws(() => getRecentConversations(empty.database, {}), { code: 'empty_database' });
  } finally {
    await empty.close();
  }
});
