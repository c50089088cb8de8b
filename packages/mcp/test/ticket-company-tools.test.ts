import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { GetCompanyContextOutput, GetCustomerContextOutput, GetTicketOutput } from '../src/index.js';
import { call, connect, failure, seedWorkspace, structured } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';

describe('ticket and company tools over a real client', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 120, seed: 9 });
    // contact_companies is filled from contacts' payloads by the contact writer; the fake's truth
    // stands in for it here, so the company tool has contacts to read.
    const sqlite = new BetterSqlite3(workspace.dbPath);
    try {
      const link = sqlite.prepare(
        'INSERT OR IGNORE INTO contact_companies (contact_id, company_id) VALUES (?, ?)',
      );
      for (const company of workspace.fake.truth().companies) {
        for (const contactId of company.contact_ids) link.run(contactId, company.id);
      }
    } finally {
      sqlite.close();
    }
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('get_ticket reads a ticket as the fake holds it, by id or Inbox number, and pages its thread', async () => {
    const truth = workspace.fake.truth();
    const expected = [...truth.tickets].sort((a, b) => b.parts.length - a.parts.length)[0]!;
    assert.ok(expected.parts.length >= 3, 'a ticket with a thread');
    const ticket = structured<GetTicketOutput>(
      await call(connected.client, 'get_ticket', { ticket_id: expected.id, max_parts: 2 }),
    );
    assert.equal(ticket.id, expected.id);
    assert.equal(ticket.ticket_number, expected.ticket_id);
    assert.equal(ticket.state.category, expected.state);
    assert.equal(ticket.type?.name, expected.ticket_type_name);
    assert.deepEqual(ticket.attributes, expected.ticket_attributes);
    assert.deepEqual(
      ticket.contacts.map((contact) => contact.id),
      expected.contact_ids,
    );
    assert.deepEqual(
      ticket.messages.map((message) => message.id),
      expected.parts.slice(0, 2).map((part) => part.id),
    );
    assert.equal(ticket.truncated, true);
    assert.ok(ticket.next_cursor !== null);
    const rest = structured<GetTicketOutput>(
      await call(connected.client, 'get_ticket', {
        ticket_id: expected.id,
        max_parts: 100,
        cursor: ticket.next_cursor,
      }),
    );
    assert.deepEqual(
      [...ticket.messages, ...rest.messages].map((message) => message.id),
      expected.parts.map((part) => part.id),
    );
    assert.equal(rest.next_cursor, null);
    const byNumber = structured<GetTicketOutput>(
      await call(connected.client, 'get_ticket', { ticket_id: `#${expected.ticket_id}` }),
    );
    assert.equal(byNumber.id, expected.id);
    assert.match(
      failure(await call(connected.client, 'get_ticket', { ticket_id: 'no-such-ticket' })),
      /No ticket/,
    );
    assert.match(
      failure(await call(connected.client, 'get_ticket', { ticket_id: expected.id, cursor: 'bogus' })),
      /cursor/,
    );
  });

  test('get_company_context: profile, custom attributes, contacts, conversations, tickets and team metrics', async () => {
    const truth = workspace.fake.truth();
    const company = [...truth.companies].sort((a, b) => b.contact_ids.length - a.contact_ids.length)[0]!;
    const answer = structured<GetCompanyContextOutput>(
      await call(connected.client, 'get_company_context', {
        company: company.name.toUpperCase(),
        since: '3650d',
        limit: 50,
      }),
    );
    assert.equal(answer.company.id, company.id);
    assert.deepEqual(answer.company.custom_attributes, company.custom_attributes ?? {});
    assert.equal(answer.contact_count, company.contact_ids.length);
    assert.deepEqual(
      answer.contacts.map((contact) => contact.id).sort(),
      [...company.contact_ids].sort().slice(0, 50),
    );
    const members = new Set(company.contact_ids);
    const own = truth.conversations.filter((conversation) => members.has(conversation.contact_ids[0] ?? ''));
    assert.deepEqual(
      answer.recent_conversations.map((conversation) => conversation.id).sort(),
      [...own]
        .sort((a, b) => b.updated_at - a.updated_at)
        .slice(0, 50)
        .map((conversation) => conversation.id)
        .sort(),
    );
    const ownTickets = truth.tickets.filter((ticket) => ticket.contact_ids.some((id) => members.has(id)));
    assert.deepEqual(
      answer.recent_tickets.map((ticket) => ticket.id).sort(),
      ownTickets
        .map((ticket) => ticket.id)
        .sort()
        .slice(0, 50),
    );
    const counted =
      answer.team_performance.groups.reduce((sum, group) => sum + group.assigned, 0) +
      answer.team_performance.unassigned;
    const inPeriod = own.filter(
      (conversation) =>
        conversation.created_at >= answer.team_performance.period.since_unix &&
        conversation.created_at < answer.team_performance.period.until_unix,
    );
    assert.equal(counted, inPeriod.length);
  });

  test("get_customer_context lists the customer's tickets", async () => {
    const truth = workspace.fake.truth();
    const ticket = truth.tickets.find((candidate) => candidate.contact_ids.length > 0)!;
    const contactId = ticket.contact_ids[0]!;
    const context = structured<GetCustomerContextOutput>(
      await call(connected.client, 'get_customer_context', {
        contact_id: contactId,
        since: '3650d',
        limit: 50,
      }),
    );
    assert.deepEqual(
      context.tickets.map((summary) => summary.id).sort(),
      truth.tickets
        .filter((candidate) => candidate.contact_ids.includes(contactId))
        .map((candidate) => candidate.id)
        .sort(),
    );
  });
});
