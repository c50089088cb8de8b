import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getCustomerContext } from '../../src/queries/get-customer-context.js';
import { DAY, HOUR, NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture();
});
after(() => fixture.close());

const iso = (unix: number) => new Date(unix * 1000).toISOString();

test('by email: the profile, every contact with the address, and the last 30 days', () => {
  const context = getCustomerContext(fixture.database, { email: 'Ann@Acme.test', now: NOW });
  assert.deepEqual(context.profile, {
    id: 'u1',
    name: 'Ann Customer',
    email: 'ann@acme.test',
    role: 'user',
    phone: '+1 555 0100',
    externalId: null,
    createdAt: iso(NOW - 400 * DAY),
    signedUpAt: null,
    lastSeenAt: null,
    country: 'Germany',
    city: 'Berlin',
    complete: true,
  });
  assert.deepEqual(context.otherContactIds, ['u3']);
  assert.deepEqual(context.window, { since: iso(NOW - 30 * DAY), until: iso(NOW) });
  // c-old (90 days ago) is outside the window; newest activity first.
  assert.deepEqual(
    context.conversations.map((conversation) => [conversation.id, conversation.state]),
    [
      ['c-unassigned', 'open'],
      ['c-refund-subject', 'closed'],
      ['c-reopen', 'closed'],
    ],
  );
  assert.equal(context.conversationCount, 3);
  assert.equal(context.openCount, 1);
  assert.equal(context.allTimeConversationCount, 4);
  const refund = context.conversations[1]!;
  assert.equal(refund.subject, 'Refund request for order 1234');
  assert.equal(refund.firstResponseSeconds, HOUR);
  assert.equal(refund.rating, 5);
  assert.deepEqual(refund.tags, ['billing']);
  assert.deepEqual(context.firstResponse, {
    count: 2,
    medianSeconds: 1.5 * HOUR,
    averageSeconds: 1.5 * HOUR,
  });
  assert.deepEqual(context.ratings, { count: 2, average: 4 });
  assert.deepEqual(context.recurringTopics, [{ topic: 'billing', kind: 'tag', conversations: 2 }]);
});

test('by contact id, with a wider window and a limit', () => {
  const context = getCustomerContext(fixture.database, {
    contactId: 'u1',
    since: '120d',
    limit: 2,
    now: NOW,
  });
  assert.equal(context.profile.id, 'u1');
  assert.deepEqual(context.otherContactIds, []);
  assert.equal(context.conversationCount, 4);
  assert.deepEqual(
    context.conversations.map((conversation) => conversation.id),
    ['c-unassigned', 'c-refund-subject'],
  );
  // Statistics cover the whole window, not only the listed conversations.
  assert.equal(context.firstResponse.count, 3);
  assert.deepEqual(context.recurringTopics.slice(0, 2), [
    { topic: 'billing', kind: 'tag', conversations: 2 },
    { topic: 'refund', kind: 'keyword', conversations: 2 },
  ]);
});

test('a stub contact (known only from conversations) is reported as incomplete', () => {
  const context = getCustomerContext(fixture.database, { contactId: 'u4', now: NOW });
  assert.equal(context.profile.complete, false);
  assert.equal(context.profile.email, 'dan@delta.test');
  assert.equal(context.conversationCount, 6);
  assert.equal(context.openCount, 3); // the twins and c-policy; c-snoozed is snoozed
});

test('validation, unknown customers and an empty database', async () => {
  assert.throws(() => getCustomerContext(fixture.database, { now: NOW }), { code: 'invalid_input' });
  assert.throws(() => getCustomerContext(fixture.database, { email: 'a@b.c', contactId: 'u1' }), {
    code: 'invalid_input',
  });
  assert.throws(() => getCustomerContext(fixture.database, { email: 'nobody@nowhere.test' }), {
    code: 'not_found',
  });
  assert.throws(() => getCustomerContext(fixture.database, { contactId: 'u999' }), { code: 'not_found' });
  assert.throws(() => getCustomerContext(fixture.database, { contactId: 'u1', since: 'then' }), {
    code: 'invalid_input',
  });
  const empty = await createEmptyDatabase();
  try {
    assert.throws(() => getCustomerContext(empty.database, { email: 'ann@acme.test' }), {
      code: 'empty_database',
    });
  } finally {
    await empty.close();
  }
});
