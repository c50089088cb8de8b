/* eslint-disable @typescript-eslint/no-unsafe-call -- tests read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

test('conversations carry custom attributes, AI insights, Fin, SLAs, channel and company in a realistic mix', async () => {
  const fake = await startFakeIntercom({ conversations: 1500, seed: 81, now: NOW });
  try {
    const { conversations, contacts, tickets } = fake.truth();
    const share = (keep: (c: (typeof conversations)[number]) => boolean): number =>
      conversations.filter(keep).length / conversations.length;
    const none = share((c) => Object.keys(c.custom_attributes).length === 0);
    assert.ok(none > 0.3 && none < 0.8, `${none} without custom attributes`);
    const scored = conversations.filter((c) => c.custom_attributes['CX Score rating'] !== undefined);
    assert.ok(scored.length > 50);
    for (const c of scored) {
      const rating = c.custom_attributes['CX Score rating'];
      assert.ok(typeof rating === 'number' && rating >= 1 && rating <= 5);
      assert.equal(typeof c.custom_attributes['CX Score explanation'], 'string');
      assert.ok(
        c.parts_all.some((part) => part.part_type === 'close'),
        'only conversations that closed (at least once) are scored',
      );
    }
    assert.ok(share((c) => Array.isArray(c.custom_attributes.Topics)) > 0.1);
    assert.ok(share((c) => typeof c.custom_attributes.escalated === 'boolean') > 0.01);
    // Fin took part exactly where a bot part is, and resolution follows whether a teammate replied.
    const fin = conversations.filter((c) => c.ai_agent_participated);
    assert.ok(fin.length > 0 && fin.length < conversations.length);
    for (const c of conversations) {
      assert.equal(c.ai_agent_participated, c.ai_agent !== null);
      assert.equal(
        c.ai_agent_participated,
        c.parts_all.some((part) => part.author_type === 'bot'),
      );
    }
    const states = new Set(fin.map((c) => c.ai_agent?.resolution_state));
    for (const state of ['assumed_resolution', 'escalated', null])
      assert.ok(states.has(state), `${String(state)}`);
    const statuses = new Set(
      conversations.flatMap((c) => (c.sla_applied === null ? [] : [c.sla_applied.sla_status])),
    );
    assert.deepEqual([...statuses].sort(), ['active', 'cancelled', 'hit', 'missed']);
    assert.ok(share((c) => c.sla_applied === null) > 0.5);
    assert.ok(
      conversations.every(
        (c) => c.channel !== null && ['messenger', 'email'].includes(c.channel.initial ?? ''),
      ),
    );
    // The company is the contact's first.
    const contactsById = new Map(contacts.map((contact) => [contact.id, contact]));
    for (const c of conversations.slice(0, 200)) {
      const companies = (contactsById.get(c.contact_ids[0]!)?.companies as { data: { id: string }[] }).data;
      assert.equal(c.company_id, companies[0]?.id ?? null);
    }
    // Tickets and conversations link both ways.
    for (const ticket of tickets)
      for (const linked of ticket.linked_objects)
        assert.ok(conversations.find((c) => c.id === linked.id)?.linked_tickets.includes(ticket.id));
    assert.ok(conversations.some((c) => c.linked_tickets.length > 0));
    // Contacts: custom attributes for about half, tags for a few.
    const withAttributes = contacts.filter(
      (contact) => Object.keys(contact.custom_attributes as object).length > 0,
    );
    assert.ok(withAttributes.length > contacts.length * 0.3 && withAttributes.length < contacts.length * 0.7);
    const tagged = contacts.filter((contact) => (contact.tags as { total_count: number }).total_count > 0);
    assert.ok(tagged.length > 0 && tagged.length < contacts.length * 0.3);
  } finally {
    await fake.close();
  }
});

test("a conversation shows its company's edits and its tickets' deletions at once, without moving", async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 82, now: NOW });
  try {
    const { conversations, companies } = fake.truth();
    const linked = conversations.find((c) => c.linked_tickets.length > 0)!;
    const first = (await api(fake, `/conversations/${linked.id}`)).body;
    const [ticketId] = linked.linked_tickets;
    fake.deleteTickets([ticketId!], NOW + 10);
    const after = (await api(fake, `/conversations/${linked.id}`)).body;
    assert.equal(after.updated_at, first.updated_at);
    assert.ok(!after.linked_objects.data.some((item: { id: string }) => item.id === ticketId));
    assert.deepEqual(
      fake.truth().conversations.find((c) => c.id === linked.id)?.linked_tickets,
      linked.linked_tickets.filter((id) => id !== ticketId),
    );
    // Company edits: every conversation naming the company shows the new plan.
    const withCompany = conversations.filter((c) => c.company_id !== null);
    for (const c of withCompany) await api(fake, `/conversations/${c.id}`); // rendered (and cached) before
    const edits = fake.advance({ companyEdits: 10, at: NOW + 20 }).companyEdits;
    const editedNow = new Map(fake.truth().companies.map((company) => [company.id, company]));
    let checked = 0;
    for (const c of withCompany.filter((conversation) => edits.includes(conversation.company_id!))) {
      const body = (await api(fake, `/conversations/${c.id}`)).body;
      assert.equal(body.updated_at, c.updated_at);
      const { contact_ids: _ids, ...expected } = editedNow.get(c.company_id!)!;
      assert.deepEqual(body.company, expected);
      checked++;
    }
    assert.ok(checked > 0);
    assert.equal(companies.length, editedNow.size);
  } finally {
    await fake.close();
  }
});
