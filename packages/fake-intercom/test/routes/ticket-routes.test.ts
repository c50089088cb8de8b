/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- tests read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

async function searchAllTickets(fake: FakeIntercom, query: unknown, perPage = 50): Promise<Json[]> {
  const all: Json[] = [];
  let startingAfter: string | undefined;
  for (let hop = 0; hop < 1000; hop++) {
    const page = await api(fake, '/tickets/search', {
      body: {
        query,
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: perPage, starting_after: startingAfter },
      },
    });
    assert.equal(page.status, 200, page.text);
    all.push(...page.body.tickets);
    startingAfter = page.body.pages.next?.starting_after;
    if (startingAfter === undefined || startingAfter === null) return all;
  }
  throw new Error('search never ended');
}

const everything = { field: 'updated_at', operator: '>', value: 0 };

test('ticket search pages through every ticket; GET /tickets/{id} answers what truth() holds', async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 61, now: NOW });
  try {
    const truth = fake.truth();
    assert.equal(truth.tickets.length, Math.ceil(400 / 8) + 6);
    const found = await searchAllTickets(fake, everything, 7);
    assert.deepEqual(
      found.map((ticket) => ticket.id).sort(),
      truth.tickets.map((ticket) => ticket.id).sort(),
    );
    for (const ticket of truth.tickets) {
      const detail = (await api(fake, `/tickets/${ticket.id}`)).body;
      assert.equal(detail.updated_at, ticket.updated_at);
      assert.equal(detail.ticket_state.id, ticket.ticket_state_id);
      assert.equal(detail.ticket_parts.total_count, ticket.parts_total_count);
      assert.deepEqual(
        detail.ticket_parts.ticket_parts.map((part: Json) => [
          part.id,
          part.part_type,
          part.body,
          part.created_at,
        ]),
        ticket.parts.map((part) => [part.id, part.part_type, part.body, part.created_at]),
      );
      assert.deepEqual(detail.ticket_attributes, ticket.ticket_attributes);
      assert.equal(detail.ticket_attributes._default_title_, ticket.title);
      for (const linked of ticket.linked_objects) {
        assert.equal(linked.type, 'conversation');
        assert.equal((await api(fake, `/conversations/${linked.id}`)).status, 200);
      }
      assert.ok(ticket.updated_at >= ticket.created_at && ticket.updated_at <= NOW);
    }
    // A realistic mix: every category and state, tickets with and without contacts and links.
    assert.deepEqual([...new Set(truth.tickets.map((ticket) => ticket.category))].sort(), [
      'Back-office',
      'Customer',
      'Tracker',
    ]);
    assert.ok(new Set(truth.tickets.map((ticket) => ticket.state)).size >= 3);
    assert.ok(truth.tickets.some((ticket) => ticket.contact_ids.length === 0));
    assert.ok(truth.tickets.some((ticket) => ticket.linked_objects.length > 1));
    assert.ok(truth.tickets.some((ticket) => ticket.linked_objects.length === 0));
    const missing = await api(fake, '/tickets/3999999');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].code, 'ticket_not_found');
  } finally {
    await fake.close();
  }
});

test('ticket search filters on the fields the spec lists; category takes request, task and tracker', async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 62, now: NOW });
  try {
    const { tickets } = fake.truth();
    const ids = async (query: unknown): Promise<string[]> =>
      (await searchAllTickets(fake, query)).map((ticket) => ticket.id).sort();
    const expect = (keep: (ticket: (typeof tickets)[number]) => boolean): string[] =>
      tickets
        .filter(keep)
        .map((ticket) => ticket.id)
        .sort();
    assert.deepEqual(
      await ids({ field: 'state', operator: '=', value: 'resolved' }),
      expect((t) => t.state === 'resolved'),
    );
    assert.deepEqual(
      await ids({ field: 'open', operator: '=', value: true }),
      expect((t) => t.open),
    );
    assert.deepEqual(
      await ids({ field: 'category', operator: '=', value: 'tracker' }),
      expect((t) => t.category === 'Tracker'),
    );
    assert.deepEqual(
      await ids({ field: 'category', operator: '=', value: 'task' }),
      expect((t) => t.category === 'Back-office'),
    );
    assert.deepEqual(await ids({ field: 'category', operator: '=', value: 'Customer' }), []);
    const withContact = tickets.find((ticket) => ticket.contact_ids.length > 0)!;
    assert.deepEqual(
      await ids({ field: 'contact_ids', operator: '=', value: withContact.contact_ids[0] }),
      expect((t) => t.contact_ids.includes(withContact.contact_ids[0]!)),
    );
    assert.deepEqual(
      await ids({ field: 'ticket_type_id', operator: '=', value: withContact.ticket_type_id }),
      expect((t) => t.ticket_type_id === withContact.ticket_type_id),
    );
    assert.deepEqual(
      await ids({ field: 'title', operator: '~', value: 'invoice' }),
      expect((t) => (t.title ?? '').toLowerCase().includes('invoice')),
    );
    const bad = await api(fake, '/tickets/search', {
      body: { query: { field: 'priority', operator: '=', value: 'x' } },
    });
    assert.equal(bad.status, 400);
    assert.equal((await api(fake, '/tickets/search', { body: {} })).status, 400);
  } finally {
    await fake.close();
  }
});

test('realistic ticket search: late index, tie-less cursor, persistent failures, deletions', async () => {
  const fake = await startFakeIntercom({
    conversations: 400,
    seed: 63,
    now: NOW,
    realistic: true,
    clock: () => 5_000_000,
  });
  try {
    const before = fake.truth().tickets;
    const changed = fake.advance({ ticketReplies: 5, newTickets: 3, at: NOW + 100 });
    fake.holdSearchIndex([...changed.createdTickets, ...changed.updatedTickets]);
    const held = await searchAllTickets(fake, everything);
    // New tickets are not searchable yet; updated ones show their old updated_at.
    for (const id of changed.createdTickets) assert.ok(!held.some((ticket) => ticket.id === id));
    for (const id of changed.updatedTickets) {
      const item = held.find((ticket) => ticket.id === id);
      assert.equal(item?.updated_at, before.find((ticket) => ticket.id === id)?.updated_at);
      assert.equal((await api(fake, `/tickets/${id}`)).body.updated_at, NOW + 100);
    }
    fake.flushSearchIndex();
    const flushed = await searchAllTickets(fake, everything);
    for (const id of [...changed.createdTickets, ...changed.updatedTickets])
      assert.ok(flushed.some((ticket) => ticket.id === id && ticket.updated_at === NOW + 100));
    // Eight tickets share one second: a tie-less cursor skips those beyond a page.
    const same = fake.advance({ ticketStateChanges: 8, at: NOW + 200 });
    fake.flushSearchIndex();
    const query = { field: 'updated_at', operator: '>', value: NOW + 150 };
    const paged = await searchAllTickets(fake, query, 3);
    assert.ok(paged.length < same.updatedTickets.length, `${paged.length} of ${same.updatedTickets.length}`);
    // A ticket deleted: 404 at once, in search until its deletion is indexed.
    const [gone] = same.updatedTickets;
    fake.holdSearchIndex([gone!]);
    fake.deleteTickets([gone!], NOW + 300);
    assert.equal((await api(fake, `/tickets/${gone}`)).status, 404);
    assert.ok((await searchAllTickets(fake, everything)).some((ticket) => ticket.id === gone));
    fake.flushSearchIndex();
    assert.ok(!(await searchAllTickets(fake, everything)).some((ticket) => ticket.id === gone));
    assert.deepEqual(fake.truth().deleted_tickets, [{ id: gone, deleted_at: NOW + 300 }]);
    // Persistent failures apply to GET /tickets/{id}.
    const failing = flushed[0].id;
    fake.failConversations([failing], 'malformed');
    const malformed = await api(fake, `/tickets/${failing}`);
    assert.equal(malformed.status, 200);
    assert.equal(malformed.body.ticket_parts, undefined);
    assert.equal(typeof malformed.body.created_at, 'string');
    fake.failConversations([failing], '503');
    assert.equal((await api(fake, `/tickets/${failing}`)).status, 503);
    fake.healConversations();
    assert.equal((await api(fake, `/tickets/${failing}`)).status, 200);
  } finally {
    await fake.close();
  }
});

test('GET /tickets/{id} shows the 500 most recent parts of a longer ticket, total_count counting all', async () => {
  const fake = await startFakeIntercom({ conversations: 100, tickets: 1500, seed: 64, now: NOW });
  try {
    const huge = fake.truth().tickets.find((ticket) => ticket.parts_total_count > 500)!;
    assert.ok(huge !== undefined);
    const detail = (await api(fake, `/tickets/${huge.id}`)).body;
    assert.equal(detail.ticket_parts.total_count, huge.parts_all.length);
    assert.equal(detail.ticket_parts.ticket_parts.length, 500);
    assert.deepEqual(
      detail.ticket_parts.ticket_parts.map((part: Json) => part.id),
      huge.parts_all.slice(-500).map((part) => part.id),
    );
    assert.deepEqual(huge.parts, huge.parts_all.slice(-500));
  } finally {
    await fake.close();
  }
});
