import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { GetCompanyContextOutput, GetCustomerContextOutput, GetTicketOutput } from '../src/index.js';
import type { SearchTicketsOutput } from '../src/tools/search-tickets.js';
import { call, connect, failure, seedWorkspace, structured } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';

describe('ticket and company tools over a real client', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 120, seed: 9 });
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

  test('search_tickets ranks the tickets holding the words, pages without repeats, and filters', async () => {
    const truth = workspace.fake.truth();
    // The word most tickets' titles share: enough hits to page through.
    const counts = new Map<string, Set<string>>();
    for (const ticket of truth.tickets) {
      for (const word of (ticket.title ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? []) {
        if (!counts.has(word)) counts.set(word, new Set());
        counts.get(word)!.add(ticket.id);
      }
    }
    const [word, holders] = [...counts].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))[0]!;
    assert.ok(holders.size >= 3, 'a title word shared by several tickets');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const answer = structured<SearchTicketsOutput>(
        await call(connected.client, 'search_tickets', {
          query: word,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        }),
      );
      assert.ok(answer.hits.length <= 2);
      seen.push(...answer.hits.map((hit) => hit.id));
      if (answer.next_cursor === null) break;
      cursor = answer.next_cursor;
    }
    assert.equal(new Set(seen).size, seen.length, 'no ticket twice across pages');
    for (const id of holders) assert.ok(seen.includes(id), `${id} holds "${word}"`);

    const state = truth.tickets.find((ticket) => holders.has(ticket.id))!.state;
    const filtered = structured<SearchTicketsOutput>(
      await call(connected.client, 'search_tickets', { query: word, state, limit: 50 }),
    );
    assert.ok(filtered.hits.length > 0);
    for (const hit of filtered.hits) assert.equal(hit.state.category, state);

    const newest = structured<SearchTicketsOutput>(
      await call(connected.client, 'search_tickets', { limit: 3 }),
    );
    const expected = [...truth.tickets]
      .sort((a, b) => b.updated_at - a.updated_at)
      .slice(0, 3)
      .map((ticket) => ticket.updated_at);
    assert.deepEqual(
      newest.hits.map((hit) => hit.updated_at_unix),
      expected,
    );
    assert.match(
      failure(await call(connected.client, 'search_tickets', { query: 'the' })),
      /stopword|common|the/i,
    );
  });

  test('insight filters (custom attributes, CX Score, Fin, SLA) reach the tools as structured arguments', async () => {
    const truth = workspace.fake.truth();
    const expected = truth.conversations
      .filter(
        (c) =>
          c.ai_agent_participated &&
          typeof c.custom_attributes['CX Score rating'] === 'number' &&
          c.custom_attributes['CX Score rating'] >= 1,
      )
      .map((c) => c.id)
      .sort();
    assert.ok(expected.length > 0 && expected.length <= 50, 'some conversations with Fin and a CX Score');
    const recent = structured<{ conversations: { id: string }[]; next_cursor: string | null }>(
      await call(connected.client, 'get_recent_conversations', {
        ai_agent: 'participated',
        attributes: [{ name: 'CX Score rating', op: '>=', value: 1 }],
        since: '3650d',
        limit: 50,
      }),
    );
    assert.deepEqual(recent.conversations.map((c) => c.id).sort(), expected);
    const missed = truth.conversations.filter((c) => c.sla_applied?.sla_status === 'missed');
    const team = structured<{ groups: { assigned: number }[]; unassigned: number }>(
      await call(connected.client, 'get_team_performance', { sla_status: 'missed', since: '3650d' }),
    );
    const since = Math.floor(Date.now() / 1000) - 3650 * 86_400;
    assert.equal(
      team.groups.reduce((sum, group) => sum + group.assigned, 0) + team.unassigned,
      missed.filter((c) => c.created_at >= since).length,
    );
    assert.match(
      failure(await call(connected.client, 'get_recent_conversations', { cx_score: 'low' })),
      /cx_score|Invalid/i,
    );
  });

  test('get_company_context: profile, custom attributes, contacts, conversations, tickets and team metrics', async () => {
    const truth = workspace.fake.truth();
    // The copy links the contacts it fetched to their companies, from the contacts' own payloads.
    const sqlite = new BetterSqlite3(workspace.dbPath, { readonly: true });
    const fetched = new Set(
      sqlite.prepare('SELECT id FROM contacts WHERE fetched = 1').pluck().all() as string[],
    );
    sqlite.close();
    const known = (ids: readonly string[]): string[] => ids.filter((id) => fetched.has(id));
    const company = [...truth.companies].sort(
      (a, b) => known(b.contact_ids).length - known(a.contact_ids).length,
    )[0]!;
    const contactIds = known(company.contact_ids);
    assert.ok(contactIds.length > 0, 'a company with synced contacts');
    const answer = structured<GetCompanyContextOutput>(
      await call(connected.client, 'get_company_context', {
        company: company.name.toUpperCase(),
        since: '3650d',
        limit: 50,
      }),
    );
    assert.equal(answer.company.id, company.id);
    assert.deepEqual(answer.company.custom_attributes, company.custom_attributes ?? {});
    assert.equal(answer.contact_count, contactIds.length);
    assert.deepEqual(
      answer.contacts.map((contact) => contact.id).sort(),
      [...contactIds].sort().slice(0, 50),
    );
    const members = new Set(contactIds);
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
