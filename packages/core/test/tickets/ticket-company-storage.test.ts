import { readRawPayloads } from '../../src/db/raw-payloads.js';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompanyRepository } from '../../src/db/company-repository.js';
import { ticketCompanySchemaStatements } from '../../src/db/migrations/0006-tickets-companies.js';
import { TicketRepository } from '../../src/db/ticket-repository.js';
import { getCompanyContext } from '../../src/queries/get-company-context.js';
import { getTicket } from '../../src/queries/get-ticket.js';
import { listTickets } from '../../src/queries/list-tickets.js';
import { ticketSummariesByRowId } from '../../src/queries/ticket-record.js';
import { companyRowsFromPayload } from '../../src/sync/company-mapper.js';
import { ticketRowsFromPayload } from '../../src/sync/ticket-mapper.js';
import type { TicketRows } from '../../src/sync/ticket-mapper.js';
import { NOW } from '../queries/conversation-builder.js';
import { createQueryFixture } from '../queries/query-fixture.js';
import type { QueryFixture } from '../queries/query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec examples, edited freely per test
type Payload = Record<string, any>;

const example = (name: string): string =>
  fs.readFileSync(new URL(`../fixtures/intercom-examples/${name}`, import.meta.url), 'utf8');

/** The spec's GET /tickets/{id} example, with changes applied to a parsed copy. */
function ticketJson(change: (ticket: Payload) => void = () => undefined): string {
  const ticket = JSON.parse(example('ticket_with_parts.json')) as Payload;
  change(ticket);
  return JSON.stringify(ticket);
}

function write(repository: TicketRepository, json: string): TicketRows {
  const rows = ticketRowsFromPayload(json, NOW);
  repository.writePage({ tickets: [{ rows, rawJson: json }], deleted: [], failures: [], state: {} });
  return rows;
}

function ftsIntegrity(fixture: QueryFixture): void {
  sqliteOf(fixture.database)
    .prepare(`INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1)`)
    .run();
}

function match(fixture: QueryFixture, query: string): number[] {
  return (
    sqliteOf(fixture.database)
      .prepare(`SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid`)
      .all(query) as {
      rowid: number;
    }[]
  ).map((row) => row.rowid);
}

describe('tickets and companies in the copy', () => {
  let fixture: QueryFixture;
  let tickets: TicketRepository;

  before(async () => {
    fixture = await createQueryFixture();
    tickets = new TicketRepository(fixture.database, { now: () => NOW });
  });
  after(async () => fixture.close());

  it('stores the spec example ticket with its parts, state, type, contacts and attributes', () => {
    const json = ticketJson((ticket) => {
      ticket.contacts.contacts = [{ type: 'contact', id: 'u1' }];
    });
    const rows = write(tickets, json);
    const detail = getTicket(fixture.database, { id: rows.ticket.id });
    const source = JSON.parse(json) as Payload;
    assert.equal(detail.id, String(source.id));
    assert.equal(detail.ticketNumber, String(source.ticket_id));
    assert.equal(detail.state.category, source.ticket_state.category);
    assert.equal(detail.type?.id, String(source.ticket_type.id));
    assert.equal(detail.type?.name, source.ticket_type.name);
    assert.equal(detail.title, source.ticket_attributes._default_title_);
    assert.deepEqual(detail.attributes, source.ticket_attributes);
    assert.deepEqual(detail.customer, { id: 'u1', name: 'Ann Customer', email: 'ann@acme.test' });
    assert.equal(detail.messages.length, source.ticket_parts.ticket_parts.length);
    assert.equal(detail.messages[0]!.partType, source.ticket_parts.ticket_parts[0].part_type);
    assert.equal(detail.partsTotalCount, source.ticket_parts.total_count);
    // The Inbox number finds it too.
    assert.equal(getTicket(fixture.database, { id: `#${source.ticket_id}` }).id, detail.id);
    // The payload reaches the raw store with the ticket's exact JSON.
    const stored = readRawPayloads(fixture.database, 'ticket', null, 1000).find(
      (row) => row.id === detail.id,
    );
    assert.equal(stored?.json, json);
    assert.equal(stored?.fetchedAt, NOW);
  });

  it('keeps tickets_fts equal to the rows through rewrites and deletions', () => {
    const first = write(
      tickets,
      ticketJson((ticket) => {
        ticket.id = 'tk-search';
        ticket.ticket_id = '9001';
        ticket.ticket_attributes._default_title_ = 'Printer catches fire';
        ticket.ticket_parts.ticket_parts[0].body = '<p>Smoke from the <b>paper tray</b></p>';
      }),
    );
    const rowId = () => getRowId(fixture, first.ticket.id);
    assert.deepEqual(match(fixture, 'printer'), [rowId()]);
    assert.deepEqual(match(fixture, 'tray'), [rowId()]);
    ftsIntegrity(fixture);
    // Rewritten with other words: the old ones no longer match, the new ones do.
    write(
      tickets,
      ticketJson((ticket) => {
        ticket.id = 'tk-search';
        ticket.ticket_attributes._default_title_ = 'Scanner jams';
        ticket.ticket_parts.ticket_parts[0].body = 'Nothing else';
      }),
    );
    assert.deepEqual(match(fixture, 'printer'), []);
    assert.deepEqual(match(fixture, 'scanner'), [rowId()]);
    ftsIntegrity(fixture);
    const hits = ticketSummariesByRowId(fixture.database, [rowId(), 999_999]);
    assert.deepEqual(
      hits.map((hit) => [hit.id, hit.title]),
      [['tk-search', 'Scanner jams']],
    );
    tickets.writePage({ tickets: [], deleted: ['tk-search'], failures: [], state: {} });
    assert.deepEqual(match(fixture, 'scanner'), []);
    const parts = sqliteOf(fixture.database)
      .prepare(`SELECT count(*) AS n FROM ticket_parts WHERE ticket_id = 'tk-search'`)
      .get() as { n: number };
    assert.equal(parts.n, 0);
    assert.equal(
      readRawPayloads(fixture.database, 'ticket', null, 1000).some((row) => row.id === 'tk-search'),
      false,
    );
    ftsIntegrity(fixture);
  });

  it('lists tickets by state category or label, type id or name, and contact', () => {
    for (const [id, category, label, typeName, contact] of [
      ['tk-1', 'submitted', 'Submitted', 'Bug report', 'u1'],
      ['tk-2', 'resolved', 'Fixed', 'Bug report', 'u2'],
      ['tk-3', 'resolved', 'Fixed', 'Feature request', 'u1'],
    ] as const) {
      write(
        tickets,
        ticketJson((ticket) => {
          ticket.id = id;
          ticket.updated_at = NOW - Number(id.slice(3)) * 60;
          ticket.ticket_state = {
            type: 'ticket_state',
            id: `s-${category}`,
            category,
            internal_label: label,
            external_label: label,
          };
          ticket.ticket_type = { ...ticket.ticket_type, id: `type-${typeName}`, name: typeName };
          ticket.contacts.contacts = [{ type: 'contact', id: contact }];
        }),
      );
    }
    const ids = (input: Parameters<typeof listTickets>[1]): string[] =>
      listTickets(fixture.database, input).tickets.map((ticket) => ticket.id);
    assert.deepEqual(ids({ state: 'resolved' }), ['tk-2', 'tk-3']);
    assert.deepEqual(ids({ state: 'fixed' }), ['tk-2', 'tk-3']);
    assert.deepEqual(ids({ state: 'In progress' }), []);
    assert.deepEqual(ids({ state: 'resolved', type: 'bug report' }), ['tk-2']);
    assert.deepEqual(ids({ type: 'type-Feature request' }), ['tk-3']);
    assert.deepEqual(ids({ contactId: 'u2' }), ['tk-2']);
    assert.deepEqual(ids({ contactId: 'u1', state: 'submitted' }), [
      'tk-1',
      String(JSON.parse(ticketJson()).id),
    ]);
    assert.equal(listTickets(fixture.database, { state: 'resolved', limit: 1 }).total, 2);
    assert.throws(() => listTickets(fixture.database, { limit: 1000 }), { code: 'invalid_input' });
  });

  it('reads a company with its contacts, their conversations and tickets, and its team metrics', () => {
    const companies = new CompanyRepository(fixture.database);
    const list = JSON.parse(example('companies_list_response.json')) as { data: Payload[] };
    const acme = {
      ...list.data[0]!,
      id: 'co-acme',
      name: 'Acme',
      custom_attributes: { tier: 'gold', seats: 12 },
    };
    const json = JSON.stringify(acme);
    companies.writeCompanies([{ rows: companyRowsFromPayload(json, NOW), rawJson: json }]);
    // contact_companies is filled from contacts' payloads by the contact writer; here by hand.
    sqliteOf(fixture.database)
      .prepare(`INSERT INTO contact_companies (contact_id, company_id) VALUES ('u1', 'co-acme')`)
      .run();
    const context = getCompanyContext(fixture.database, { company: 'acme', now: NOW, since: '60d' });
    assert.equal(context.company.id, 'co-acme');
    assert.deepEqual(context.company.customAttributes, { tier: 'gold', seats: 12 });
    assert.deepEqual(
      context.contacts.map((contact) => contact.id),
      ['u1'],
    );
    const own = sqliteOf(fixture.database)
      .prepare(`SELECT id FROM conversations WHERE contact_id = 'u1' ORDER BY updated_at DESC, row_id DESC`)
      .all() as { id: string }[];
    assert.ok(own.length > 0);
    assert.deepEqual(
      context.recentConversations.map((conversation) => conversation.id),
      own.slice(0, 20).map((row) => row.id),
    );
    assert.deepEqual(
      context.recentTickets.map((ticket) => ticket.id).sort(),
      ['tk-1', 'tk-3', String(JSON.parse(ticketJson()).id)].sort(),
    );
    const inPeriod = sqliteOf(fixture.database)
      .prepare(
        `SELECT count(*) AS n FROM conversations WHERE contact_id = 'u1' AND created_at >= ? AND created_at < ?`,
      )
      .get(NOW - 60 * 86_400, NOW) as { n: number };
    const counted =
      context.teamPerformance.groups.reduce((sum, group) => sum + group.assigned, 0) +
      context.teamPerformance.unassigned;
    assert.equal(counted, inPeriod.n);
    assert.throws(() => getCompanyContext(fixture.database, { company: 'No Such Co' }), {
      code: 'not_found',
    });
    companies.removeCompanies(['co-acme']);
    assert.throws(() => getCompanyContext(fixture.database, { company: 'co-acme' }), { code: 'not_found' });
  });

  it("builds the ticket and company schema in Debian's sqlite3 (3.37+ features only) and indexes through the view", (context) => {
    if (spawnSync('sqlite3', ['--version']).status !== 0) {
      context.skip('no sqlite3 CLI installed');
      return;
    }
    // The migration's own statements on a file the CLI creates: the ticket objects must be valid in the
    // CLI's SQLite whatever the rest of the schema needs.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fic-sqlite3-')), 'schema.db');
    const script = [
      'CREATE TABLE contacts (id TEXT PRIMARY KEY, name TEXT, email TEXT);',
      ...ticketCompanySchemaStatements.map((statement) => `${statement};`),
      `INSERT INTO tickets (id, created_at, updated_at, open, parts_total_count, parts_stored, parts_complete,
         ticket_attributes, synced_at, title, description) VALUES ('t1', 1, 2, 1, 2, 2, 1, '{}', 3, 'Printer', 'It smokes');`,
      `INSERT INTO ticket_parts (ticket_id, position, id, part_type, body_text, created_at)
         VALUES ('t1', 1, 'p2', 'comment', 'second', 1), ('t1', 0, 'p1', 'comment', 'first', 1);`,
      `INSERT INTO tickets_fts (rowid, subject, body) SELECT doc_id, subject, body FROM ticket_documents;`,
      `SELECT body FROM ticket_documents;`,
      `SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH 'second';`,
      `INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1);`,
      `PRAGMA integrity_check;`,
    ].join('\n');
    const output = execFileSync('sqlite3', [file], { input: script, encoding: 'utf8' });
    assert.equal(output, 'It smokes\nfirst\nsecond\n1\nok\n');
  });
});

function getRowId(fixture: QueryFixture, id: string): number {
  return (
    sqliteOf(fixture.database).prepare('SELECT row_id FROM tickets WHERE id = ?').get(id) as {
      row_id: number;
    }
  ).row_id;
}
