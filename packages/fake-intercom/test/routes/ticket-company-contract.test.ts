/* eslint-disable @typescript-eslint/no-unsafe-argument -- tests read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import { api } from '../fake-client.js';
import type { SpecValidator } from '../spec-validator.js';
import { loadSpecValidator } from '../spec-validator.js';

for (const mode of ['plain', 'realistic'] as const)
  describe(`tickets and companies validate against the 2.16 spec (${mode} fake)`, () => {
    let fake: FakeIntercom;
    let spec: SpecValidator | undefined;
    const check = (name: string, body: unknown): void => {
      assert.ok(spec !== undefined);
      spec.check(name, body);
    };
    const whenSpec = (name: string, run: () => Promise<void>): void => {
      test(name, run);
    };

    before(async () => {
      spec = loadSpecValidator(mode === 'realistic');
      // Enough tickets that some hold more than 500 parts.
      fake = await startFakeIntercom({
        conversations: 300,
        tickets: 900,
        seed: 41,
        realistic: mode === 'realistic',
      });
    });
    after(() => fake.close());

    whenSpec('POST /tickets/search: ticket_list; GET /tickets/{id}: ticket', async () => {
      const page = await api(fake, '/tickets/search', {
        body: { query: { field: 'created_at', operator: '>', value: 0 }, pagination: { per_page: 50 } },
      });
      assert.equal(page.status, 200);
      check('ticket_list', page.body);
      const { tickets } = fake.truth();
      const huge = tickets.find((ticket) => ticket.parts_total_count > 500);
      assert.ok(huge !== undefined, 'a ticket with more than 500 parts');
      const categories = new Set<string>();
      for (const summary of [...tickets.filter((_, index) => index % 30 === 0), huge]) {
        const ticket = await api(fake, `/tickets/${summary.id}`);
        assert.equal(ticket.status, 200);
        check('ticket', ticket.body);
        categories.add(ticket.body.category);
      }
      assert.deepEqual([...categories].sort(), ['Back-office', 'Customer', 'Tracker']);
      check('error', (await api(fake, '/tickets/999')).body);
    });

    whenSpec('GET /ticket_types: ticket_type_list; GET /ticket_states: ticket_state_list', async () => {
      check('ticket_type_list', (await api(fake, '/ticket_types')).body);
      check('ticket_state_list', (await api(fake, '/ticket_states')).body);
    });

    whenSpec(
      'companies: company_list, company, company_attached_contacts, contact_attached_companies',
      async () => {
        const list = await api(fake, '/companies?per_page=60');
        assert.equal(list.status, 200);
        check('company_list', list.body);
        const { companies } = fake.truth();
        const withContacts = companies.filter((company) => company.contact_ids.length > 0).slice(0, 10);
        for (const summary of withContacts) {
          const company = await api(fake, `/companies/${summary.id}`);
          check('company', company.body);
          const contacts = await api(fake, `/companies/${summary.id}/contacts`);
          check('company_attached_contacts', contacts.body);
          const attached = await api(fake, `/contacts/${summary.contact_ids[0]}/companies`);
          check('contact_attached_companies', attached.body);
          check('contact', (await api(fake, `/contacts/${summary.contact_ids[0]}`)).body);
        }
        const scroll = await api(fake, '/companies/scroll');
        check('company_scroll', scroll.body);
        check('error', (await api(fake, '/companies/scroll')).body);
        check('error', (await api(fake, '/companies/0123456789abcdef01234567')).body);
      },
    );
  });
