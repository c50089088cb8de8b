import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { CompanyContextResult, TicketDetail, TicketListResult } from '@fastintercom/core';
import type { WorkspaceTruth } from '@fastintercom/fake-intercom';
import Company from '../../src/commands/company.js';
import Ticket from '../../src/commands/ticket.js';
import Tickets from '../../src/commands/tickets.js';
import { tempDir } from '../fic-process.js';
import { runCommand } from '../run-command.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

process.env.FASTINTERCOM_CONFIG_PATH = path.join(tempDir(), 'config.json');

describe('ticket and company commands against a database synced from the fake', () => {
  let seeded: SeededDatabase;
  let truth: WorkspaceTruth;
  let db: string[];

  before(async () => {
    seeded = await seedDatabase({ conversations: 120 });
    truth = seeded.fake.truth();
    db = ['--db', seeded.dbPath];
  });
  after(() => seeded.fake.close());

  test('fic ticket shows a ticket and its thread; --json returns it whole', async () => {
    const expected = truth.tickets.find((ticket) => ticket.parts.length > 0 && ticket.title !== null)!;
    const { stdout } = await runCommand(Ticket, [expected.id, ...db]);
    assert.match(stdout, new RegExp(`^Ticket:\\s+${expected.id} \\(#${expected.ticket_id}\\)`, 'm'));
    assert.match(stdout, new RegExp(`^State:\\s+${expected.state}`, 'm'));
    const { result } = await runCommand<TicketDetail>(Ticket, [`#${expected.ticket_id}`, '--json', ...db]);
    assert.equal(result?.id, expected.id);
    assert.deepEqual(
      result?.messages.map((message) => message.id),
      expected.parts.slice(0, 50).map((part) => part.id),
    );
  });

  test('fic tickets filters by state and type, newest update first', async () => {
    const resolved = truth.tickets.filter((ticket) => ticket.state === 'resolved');
    const type = resolved[0]!.ticket_type_name;
    const { result } = await runCommand<TicketListResult>(Tickets, [
      '--state',
      'resolved',
      '--type',
      type,
      '--limit',
      '100',
      '--json',
      ...db,
    ]);
    const expected = resolved
      .filter((ticket) => ticket.ticket_type_name === type)
      .sort((a, b) => b.updated_at - a.updated_at || (a.id < b.id ? 1 : -1));
    assert.deepEqual(
      result?.tickets.map((ticket) => ticket.id),
      expected.map((ticket) => ticket.id),
    );
    const { stdout } = await runCommand(Tickets, ['--state', 'no such state', ...db]);
    assert.match(stdout, /No tickets match/);
  });

  test('fic company by name shows profile, contacts and team metrics', async () => {
    const company = [...truth.companies].sort((a, b) => b.contact_ids.length - a.contact_ids.length)[0]!;
    const sqlite = new BetterSqlite3(seeded.dbPath);
    try {
      // contact_companies comes from contacts' payloads (the contact writer); the truth stands in here.
      const link = sqlite.prepare(
        'INSERT OR IGNORE INTO contact_companies (contact_id, company_id) VALUES (?, ?)',
      );
      for (const contactId of company.contact_ids) link.run(contactId, company.id);
    } finally {
      sqlite.close();
    }
    const { stdout } = await runCommand(Company, [company.name, ...db]);
    assert.match(stdout, new RegExp(`^Company:\\s+${company.name} \\(${company.id}\\)`, 'm'));
    assert.match(stdout, new RegExp(`^Contacts \\(${company.contact_ids.length}\\)`, 'm'));
    assert.match(stdout, /^Team performance/m);
    const { result } = await runCommand<CompanyContextResult>(Company, [company.id, '--json', ...db]);
    assert.equal(result?.contactCount, company.contact_ids.length);
    await assert.rejects(runCommand(Company, ['No Such Company Ltd', ...db]), /No company/);
  });
});
