import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getConversation } from '../../src/queries/get-conversation.js';
import { DAY, HOUR, NOW } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture();
});
after(() => fixture.close());

test('metadata, customer, assignees, tags, rating and the ordered thread', () => {
  const detail = getConversation(fixture.database, { id: 'c-reopen' });
  assert.equal(detail.subject, 'Export crashes');
  assert.equal(detail.state, 'closed');
  assert.equal(detail.open, false);
  assert.equal(detail.createdAt, new Date((NOW - 10 * DAY) * 1000).toISOString());
  assert.equal(detail.createdAtUnix, NOW - 10 * DAY);
  assert.deepEqual(detail.customer, { id: 'u1', name: 'Ann Customer', email: 'ann@acme.test' });
  assert.deepEqual(
    detail.contacts.map((contact) => contact.id),
    ['u1', 'u3'],
  );
  assert.deepEqual(detail.adminAssignee, { id: 'a2', name: 'Bob Builder', email: 'bob@corp.test' });
  assert.deepEqual(detail.teamAssignee, { id: 't2', name: 'Support' });
  assert.deepEqual(detail.tags, [
    { id: 'g1', name: 'billing' },
    { id: 'g2', name: 'bug' },
  ]);
  assert.deepEqual(detail.rating, {
    value: 3,
    remark: 'Took two tries',
    createdAt: new Date((NOW - 9 * DAY + 2 * HOUR) * 1000).toISOString(),
    teammate: { id: 'a2', name: 'Bob Builder', email: 'bob@corp.test' },
  });
  assert.deepEqual(
    detail.messages.map((message) => [
      message.position,
      message.partType,
      message.authorType,
      message.authorName,
    ]),
    [
      [-1, 'source', 'user', 'Ann Customer'],
      [0, 'note', 'admin', 'Bob Builder'],
      [1, 'comment', 'admin', 'Bob Builder'],
      [2, 'close', 'admin', 'Bob Builder'],
      [3, 'open', 'user', 'Ann Customer'],
      [4, 'comment', 'admin', 'Bob Builder'],
      [5, 'close', 'admin', 'Bob Builder'],
    ],
  );
  assert.match(detail.messages[0]!.body!, /^The export button crashes/);
  assert.equal(detail.messages[3]!.body, null);
  assert.equal(detail.omitted, null);
  assert.equal(detail.truncatedByIntercom, false);
  assert.equal(detail.partsTotalCount, 6);
});

test('notes can be left out', () => {
  const detail = getConversation(fixture.database, { id: 'c-reopen', includeNotes: false });
  assert.ok(detail.messages.every((message) => message.partType !== 'note'));
  assert.equal(detail.messages.length, 6);
});

test('assignments say to whom', () => {
  const detail = getConversation(fixture.database, { id: 'c-refund-subject' });
  assert.deepEqual(detail.messages[1]!.assignedTo, { type: 'admin', id: 'a1', name: 'Alice Admin' });
  assert.equal(detail.messages[2]!.assignedTo, null);
});

test('long threads keep the first and last parts and say how many were omitted', () => {
  const detail = getConversation(fixture.database, { id: 'c-long', maxParts: 10 });
  const positions = detail.messages.map((message) => message.position);
  assert.deepEqual(positions, [-1, 0, 1, 2, 3, 4, 115, 116, 117, 118, 119]);
  assert.deepEqual(detail.omitted, { count: 110, fromPosition: 5, toPosition: 114 });

  const withoutNotes = getConversation(fixture.database, { id: 'c-long', maxParts: 10, includeNotes: false });
  // Every tenth part (positions 9, 19, ... 119) is a note: 108 non-note parts, 98 of them omitted.
  assert.deepEqual(
    withoutNotes.messages.map((message) => message.position),
    [-1, 0, 1, 2, 3, 4, 114, 115, 116, 117, 118],
  );
  assert.equal(withoutNotes.omitted?.count, 98);

  const defaults = getConversation(fixture.database, { id: 'c-long' });
  assert.equal(defaults.messages.length, 51);
  assert.equal(defaults.omitted?.count, 70);
  assert.equal(getConversation(fixture.database, { id: 'c-long', maxParts: 500 }).omitted, null);
});

test('fromPosition reads the thread in order from there, the rest reported as omitted', () => {
  const page = getConversation(fixture.database, { id: 'c-long', maxParts: 10, fromPosition: 5 });
  assert.deepEqual(
    page.messages.map((message) => message.position),
    [5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  );
  assert.deepEqual(page.omitted, { count: 105, fromPosition: 15, toPosition: 119 });

  // Reading on from each omitted.fromPosition visits every part once.
  const seen: number[] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const next = getConversation(fixture.database, { id: 'c-long', maxParts: 50, fromPosition: from });
    seen.push(...next.messages.map((message) => message.position));
    from = next.omitted?.fromPosition;
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 120 }, (_, position) => position),
  );

  const notes = getConversation(fixture.database, {
    id: 'c-long',
    maxParts: 3,
    fromPosition: 8,
    includeNotes: false,
  });
  assert.deepEqual(
    notes.messages.map((message) => message.position),
    [8, 10, 11],
  );
  assert.deepEqual(notes.omitted, { count: 97, fromPosition: 12, toPosition: 118 });

  const past = getConversation(fixture.database, { id: 'c-long', fromPosition: 500 });
  assert.deepEqual([past.messages, past.omitted], [[], null]);
  for (const fromPosition of [-1, 1.5]) {
    assert.throws(() => getConversation(fixture.database, { id: 'c-long', fromPosition }), {
      code: 'invalid_input',
    });
  }
});

test("the flag for threads cut by Intercom's 500-part cap", () => {
  const detail = getConversation(fixture.database, { id: 'c-truncated' });
  assert.equal(detail.truncatedByIntercom, true);
  assert.equal(detail.partsTotalCount, 620);
  assert.equal(detail.partsStored, 3);
});

test('validation, unknown ids and an empty database', async () => {
  assert.throws(() => getConversation(fixture.database, { id: 'nope' }), { code: 'not_found' });
  assert.throws(() => getConversation(fixture.database, { id: '' }), { code: 'invalid_input' });
  for (const maxParts of [0, 501, 1.5]) {
    assert.throws(() => getConversation(fixture.database, { id: 'c-long', maxParts }), {
      code: 'invalid_input',
    });
  }
  const empty = await createEmptyDatabase();
  try {
    assert.throws(() => getConversation(empty.database, { id: 'c-long' }), { code: 'empty_database' });
  } finally {
    await empty.close();
  }
});
