import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

test('advance() creates, updates, moves, retitles and deletes tickets, and edits companies', async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 71, now: NOW });
  try {
    const before = fake.truth();
    const tickets = new Map(before.tickets.map((ticket) => [ticket.id, ticket]));
    const at = NOW + 600;
    const result = fake.advance({
      newTickets: 3,
      ticketReplies: 4,
      ticketStateChanges: 4,
      ticketAttributeEdits: 2,
      ticketDeletions: 2,
      companyEdits: 3,
      at,
    });
    assert.equal(result.createdTickets.length, 3);
    assert.equal(result.deletedTickets.length, 2);
    assert.ok(result.updatedTickets.length >= 4, `${result.updatedTickets.length} updated`);
    assert.ok(result.companyEdits.length >= 1);
    // Conversations are left alone.
    assert.deepEqual(result.created, []);
    assert.deepEqual(result.updated, []);
    const after = fake.truth();
    const now = new Map(after.tickets.map((ticket) => [ticket.id, ticket]));
    for (const id of result.createdTickets) {
      assert.equal(tickets.has(id), false);
      assert.equal(now.get(id)?.created_at, at);
      // A new ticket starts with no parts (later changes of the same call may add some).
      assert.ok(now.get(id)!.parts_all.every((part) => part.created_at === at));
      assert.equal((await api(fake, `/tickets/${id}`)).status, 200);
    }
    for (const id of result.updatedTickets) {
      const [old, current] = [tickets.get(id)!, now.get(id)!];
      assert.equal(current.updated_at, at);
      assert.ok(current.parts_total_count > old.parts_total_count);
      assert.deepEqual(current.parts_all.slice(0, old.parts_all.length), old.parts_all);
    }
    const retitled = after.tickets.filter((ticket) =>
      ticket.parts.some(
        (part) => part.created_at === at && part.part_type === 'ticket_attribute_updated_by_admin',
      ),
    );
    assert.ok(retitled.length > 0);
    for (const ticket of retitled) assert.match(ticket.title ?? '', /\(follow-up \d+\)$/);
    const moved = after.tickets.filter((ticket) =>
      ticket.parts.some(
        (part) => part.created_at === at && part.part_type === 'ticket_state_updated_by_admin',
      ),
    );
    for (const ticket of moved) {
      const change = ticket.parts.findLast((part) => part.ticket_state !== undefined)!;
      assert.equal(change.ticket_state, ticket.state);
      assert.equal(change.previous_ticket_state, tickets.get(ticket.id)!.state);
    }
    assert.deepEqual(
      after.deleted_tickets,
      result.deletedTickets.map((id) => ({ id, deleted_at: at })),
    );
    for (const id of result.deletedTickets) {
      assert.equal(now.has(id), false);
      assert.equal((await api(fake, `/tickets/${id}`)).status, 404);
    }
    const companies = new Map(after.companies.map((company) => [company.id, company]));
    for (const id of result.companyEdits) {
      assert.equal(companies.get(id)?.updated_at, at);
      assert.equal((await api(fake, `/companies/${id}`)).body.updated_at, at);
    }
    // The stamps shape covers tickets.
    const stamps = (await api(fake, '/_fake/truth?shape=stamps')).body;
    assert.deepEqual(
      stamps.tickets,
      after.tickets.map((ticket) => ({
        id: ticket.id,
        updated_at: ticket.updated_at,
        parts_total_count: ticket.parts_total_count,
      })),
    );
    assert.deepEqual(stamps.deleted_tickets, result.deletedTickets);
    const overHttp = await api(fake, '/_fake/advance', { body: { ticketReplies: 1, at: at + 60 } });
    assert.equal(overHttp.status, 200);
    assert.equal(overHttp.body.updatedTickets.length, 1);
  } finally {
    await fake.close();
  }
});

test('tickets and companies come from streams of their own: conversations and contacts do not change', async () => {
  const options = { conversations: 300, seed: 72, now: NOW };
  const few = await startFakeIntercom({ ...options, tickets: 0, companies: 0 });
  const many = await startFakeIntercom({ ...options, tickets: 500, companies: 80 });
  try {
    const [a, b] = [few.truth(), many.truth()];
    assert.deepEqual(a.conversations, b.conversations);
    const withoutCompanies = (contacts: Record<string, unknown>[]): unknown[] =>
      contacts.map(({ companies: _companies, ...rest }) => rest);
    assert.deepEqual(withoutCompanies(a.contacts), withoutCompanies(b.contacts));
    assert.equal(a.tickets.length, 0);
    assert.equal(b.tickets.length, 500);
    assert.equal(b.companies.length, 80);
    // The same seed gives the same tickets and companies.
    const again = await startFakeIntercom({ ...options, tickets: 500, companies: 80 });
    try {
      assert.deepEqual(again.truth().tickets, b.tickets);
      assert.deepEqual(again.truth().companies, b.companies);
      const changes = { ticketReplies: 5, ticketStateChanges: 5, companyEdits: 5, at: NOW + 60 };
      assert.deepEqual(again.advance(changes), many.advance(changes));
    } finally {
      await again.close();
    }
  } finally {
    await few.close();
    await many.close();
  }
});
