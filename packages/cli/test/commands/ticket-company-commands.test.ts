import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { CompanyContextResult, SearchTicketsResult, TicketDetail } from '@fastintercom/core';
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
    const { result } = await runCommand<SearchTicketsResult>(Tickets, [
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
      result?.hits.map((ticket) => ticket.id),
      expected.map((ticket) => ticket.id),
    );
    const { stdout } = await runCommand(Tickets, ['--state', 'no such state', ...db]);
    assert.match(stdout, /No tickets match/);
  });

  test('fic tickets QUERY finds tickets by the words of their title, ranked, with the match shown', async () => {
    // A title word that few tickets hold, so the expected set is small and exact.
    const words = new Map<string, Set<string>>();
    for (const ticket of truth.tickets) {
      for (const word of (ticket.title ?? '').toLowerCase().match(/[a-z]{6,}/g) ?? []) {
        if (!words.has(word)) words.set(word, new Set());
        words.get(word)!.add(ticket.id);
      }
    }
    const [word, holders] = [...words].sort((a, b) => a[1].size - b[1].size || (a[0] < b[0] ? -1 : 1))[0]!;
    const { result, stdout } = await runCommand<SearchTicketsResult>(Tickets, [
      word,
      '--json',
      '--limit',
      '100',
      ...db,
    ]);
    const found = new Set(result?.hits.map((hit) => hit.id));
    for (const id of holders) assert.ok(found.has(id), `${id} holds "${word}" in its title`);
    assert.ok(result?.hits.every((hit) => hit.snippet.includes('**')));
    assert.equal(JSON.parse(stdout).hits.length, result?.hits.length);
    const human = await runCommand(Tickets, [word, ...db]);
    assert.match(human.stdout, /Match/i);
    assert.doesNotMatch(human.stdout, /\*\*/);
  });

  test('fic company by name shows profile, contacts and team metrics', async () => {
    // The copy links the contacts it fetched to their companies (from the contacts' own payloads):
    // the company whose fetched contacts are most, and those contacts, are what it must show.
    const sqlite = new BetterSqlite3(seeded.dbPath, { readonly: true });
    const fetched = new Set(
      sqlite.prepare('SELECT id FROM contacts WHERE fetched = 1').pluck().all() as string[],
    );
    sqlite.close();
    const known = (ids: readonly string[]): string[] => ids.filter((id) => fetched.has(id));
    const company = [...truth.companies].sort(
      (a, b) => known(b.contact_ids).length - known(a.contact_ids).length,
    )[0]!;
    const members = known(company.contact_ids);
    assert.ok(members.length > 0, 'a company with synced contacts');
    const { stdout } = await runCommand(Company, [company.name, ...db]);
    assert.match(stdout, new RegExp(`^Company:\\s+${company.name} \\(${company.id}\\)`, 'm'));
    assert.match(stdout, new RegExp(`^Contacts \\(${members.length}\\)`, 'm'));
    assert.match(stdout, /^Team performance/m);
    const { result } = await runCommand<CompanyContextResult>(Company, [company.id, '--json', ...db]);
    assert.equal(result?.contactCount, members.length);
    await assert.rejects(runCommand(Company, ['No Such Company Ltd', ...db]), /No company/);
  });
});
