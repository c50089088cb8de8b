/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- tests read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

test('GET /companies pages through every company once, in a stable order, as truth() has them', async () => {
  const fake = await startFakeIntercom({ conversations: 1000, seed: 51, now: NOW });
  try {
    const truth = fake.truth();
    // Proportional to the workspace: about one company for every 8 contacts.
    assert.ok(truth.companies.length >= truth.contacts.length / 10, `${truth.companies.length} companies`);
    const seen: Json[] = [];
    for (let page = 1; page <= 100; page++) {
      const response = await api(fake, `/companies?per_page=37&page=${page}`);
      assert.equal(response.status, 200);
      assert.equal(response.body.total_count, truth.companies.length);
      assert.equal(response.body.pages.page, page);
      seen.push(...response.body.data);
      if (response.body.pages.next === null) break;
      assert.deepEqual(response.body.pages.next, { page: page + 1, per_page: 37 });
    }
    assert.equal(seen.length, truth.companies.length);
    const byId = new Map(truth.companies.map((company) => [company.id, company]));
    for (const company of seen) {
      const { contact_ids: contactIds, ...json } =
        byId.get(company.id) ?? assert.fail(`unknown ${company.id}`);
      assert.deepEqual(company, json);
      assert.equal(company.user_count, contactIds.length);
    }
    // An edit does not move a company between pages.
    const firstPage = (await api(fake, '/companies?per_page=10')).body.data.map(
      (company: Json) => company.id,
    );
    const edited = fake.advance({ companyEdits: 20, at: NOW + 60 });
    assert.ok(edited.companyEdits.length > 0);
    const again = (await api(fake, '/companies?per_page=10')).body.data.map((company: Json) => company.id);
    assert.deepEqual(again, firstPage);
    assert.equal((await api(fake, '/companies?per_page=61')).status, 400);
    assert.equal((await api(fake, '/companies?page=0')).status, 400);
    const beyond = await api(fake, '/companies?page=999');
    assert.deepEqual(beyond.body.data, []);
  } finally {
    await fake.close();
  }
});

test('companies hold a realistic mix of contacts, and contacts carry their companies', async () => {
  const fake = await startFakeIntercom({ conversations: 1000, seed: 52, now: NOW });
  try {
    const truth = fake.truth();
    const sizes = truth.companies.map((company) => company.contact_ids.length);
    assert.ok(
      sizes.some((size) => size >= 10),
      'some companies have many contacts',
    );
    assert.ok(
      sizes.some((size) => size === 0),
      'some companies have none',
    );
    const counts = truth.contacts.map((contact) => (contact.companies as Json).total_count as number);
    assert.ok(
      counts.some((count) => count === 0),
      'some contacts belong to no company',
    );
    assert.ok(counts.filter((count) => count === 1).length > counts.length / 2, 'most belong to one');
    assert.ok(
      counts.some((count) => count > 1),
      'some belong to several',
    );
    assert.ok(
      truth.companies.some((company) => Object.keys(company.custom_attributes as object).length === 0),
    );
    assert.ok(truth.companies.some((company) => Object.keys(company.custom_attributes as object).length > 2));
    const biggest = truth.companies.reduce((a, b) => (b.contact_ids.length > a.contact_ids.length ? b : a));
    assert.ok(biggest.contact_ids.length > 50);
    const paged: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const response = await api(fake, `/companies/${biggest.id}/contacts?page=${page}`);
      assert.equal(response.body.total_count, biggest.contact_ids.length);
      paged.push(...response.body.data.map((contact: Json) => contact.id));
      if (response.body.pages.next === null) break;
    }
    assert.deepEqual(paged, biggest.contact_ids);
    const company = truth.companies.find(
      (candidate) => candidate.contact_ids.length > 2 && candidate.contact_ids.length < 20,
    )!;
    for (const contactId of company.contact_ids) {
      const contact = (await api(fake, `/contacts/${contactId}`)).body;
      assert.ok(contact.companies.data.some((item: Json) => item.id === company.id));
      assert.equal(contact.companies.data[0].url, `/companies/${contact.companies.data[0].id}`);
      const attached = await api(fake, `/contacts/${contactId}/companies`);
      assert.deepEqual(
        attached.body.data.map((item: Json) => item.id),
        contact.companies.data.map((item: Json) => item.id),
      );
    }
    const byName = await api(fake, `/companies?name=${encodeURIComponent(company.name)}`);
    assert.equal(byName.body.id, company.id);
    const byCompanyId = await api(
      fake,
      `/companies?company_id=${encodeURIComponent(String(company.company_id))}`,
    );
    assert.equal(byCompanyId.body.id, company.id);
    const missing = await api(fake, '/companies?name=No%20such%20company');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].code, 'company_not_found');
    assert.equal((await api(fake, '/companies/0123456789abcdef01234567/contacts')).status, 404);
    assert.equal((await api(fake, '/contacts/0123456789abcdef01234567/companies')).status, 404);
  } finally {
    await fake.close();
  }
});

test('only one companies scroll is open at a time; it ends, or expires after a minute unused', async () => {
  let clock = 1_000_000;
  const fake = await startFakeIntercom({ conversations: 1000, seed: 53, now: NOW, clock: () => clock });
  try {
    const total = fake.truth().companies.length;
    const first = await api(fake, '/companies/scroll');
    assert.equal(first.status, 200);
    assert.equal(first.body.data.length, 50);
    // A second client opening its own scroll meanwhile fails.
    const second = await api(fake, '/companies/scroll');
    assert.equal(second.status, 400);
    assert.equal(second.body.errors[0].message, 'scroll already exists for this app');
    const ids: string[] = first.body.data.map((company: Json) => company.id);
    let param: string = first.body.scroll_param;
    for (let hop = 0; hop < 100; hop++) {
      const page = await api(fake, `/companies/scroll?scroll_param=${param}`);
      assert.equal(page.status, 200);
      if (page.body.data.length === 0) break;
      ids.push(...page.body.data.map((company: Json) => company.id));
      param = page.body.scroll_param;
    }
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    // The end of the scroll expires it: its param fails, and a new scroll may open.
    assert.equal((await api(fake, `/companies/scroll?scroll_param=${param}`)).status, 404);
    const reopened = await api(fake, '/companies/scroll');
    assert.equal(reopened.status, 200);
    clock += 59_000;
    assert.equal((await api(fake, '/companies/scroll')).status, 400);
    // A minute unused: expired.
    clock += 60_000;
    assert.equal(
      (await api(fake, `/companies/scroll?scroll_param=${reopened.body.scroll_param}`)).status,
      404,
    );
    assert.equal((await api(fake, '/companies/scroll')).status, 200);
  } finally {
    await fake.close();
  }
});
