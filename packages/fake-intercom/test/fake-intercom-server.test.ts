/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../src/index.js';
import { startFakeIntercom } from '../src/index.js';
import type { Json } from './fake-client.js';
import { api } from './fake-client.js';

describe('fake Intercom HTTP front', () => {
  let fake: FakeIntercom;
  before(async () => {
    fake = await startFakeIntercom({ conversations: 200, seed: 7, token: 'secret-token' });
  });
  after(() => fake.close());

  test('listens on 127.0.0.1 and exposes its token', () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fake.token, 'secret-token');
  });

  test('a missing or wrong token gets 401 unauthorized in the error.list envelope', async () => {
    for (const token of [null, 'wrong']) {
      const response = await api(fake, '/me', { token });
      assert.equal(response.status, 401);
      assert.equal(response.body.type, 'error.list');
      assert.deepEqual(response.body.errors, [{ code: 'unauthorized', message: 'Access Token Invalid' }]);
      assert.match(response.body.request_id, /^[0-9a-f-]{36}$/);
      assert.equal(response.headers.get('x-ratelimit-limit'), null);
    }
  });

  test('known Intercom-Version values are accepted and echoed, 2.16 by default', async () => {
    for (const version of ['1.4', '2.0', '2.11', '2.16', 'Unstable']) {
      const response = await api(fake, '/me', { headers: { 'Intercom-Version': version } });
      assert.equal(response.status, 200, version);
      assert.equal(response.headers.get('intercom-version'), version);
    }
    assert.equal((await api(fake, '/me')).headers.get('intercom-version'), '2.16');
  });

  test('an unknown Intercom-Version gets 400 intercom_version_invalid', async () => {
    for (const version of ['2.17', '3.0', 'latest']) {
      const response = await api(fake, '/me', { headers: { 'Intercom-Version': version } });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].code, 'intercom_version_invalid');
      assert.equal(response.body.errors[0].message, 'The requested version could not be found');
      assert.equal(response.headers.get('x-ratelimit-limit'), '10000');
    }
  });

  test('versions before 2.16 send null for unassigned and priority/not_priority', async () => {
    const query = { field: 'admin_assignee_id', operator: '=', value: 0 };
    const modern = await api(fake, '/conversations/search', { body: { query } });
    assert.ok(modern.body.total_count > 0);
    assert.equal(modern.body.conversations[0].admin_assignee_id, 0);
    const legacy = await api(fake, '/conversations/search', {
      body: { query },
      headers: { 'Intercom-Version': '2.11' },
    });
    assert.equal(legacy.body.conversations[0].admin_assignee_id, null);
    assert.ok(
      legacy.body.conversations.every((c: Json) => ['priority', 'not_priority'].includes(c.priority)),
    );
  });

  test('every authenticated response carries the rate-limit headers', async () => {
    const response = await api(fake, '/admins');
    assert.equal(response.headers.get('x-ratelimit-limit'), '10000');
    assert.ok(Number(response.headers.get('x-ratelimit-remaining')) >= 0);
    assert.ok(Number(response.headers.get('x-ratelimit-reset')) > Date.now() / 1000 - 1);
  });

  test('unknown paths and ids get 404 not_found', async () => {
    for (const path of [
      '/nope',
      '/conversations/999',
      '/conversations/abc',
      '/contacts/000000000000000000000000',
    ]) {
      const response = await api(fake, path);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.errors[0].code, 'not_found');
    }
  });

  test('a body that is not JSON gets 400 bad_request', async () => {
    const response = await fetch(`${fake.url}/conversations/search`, {
      method: 'POST',
      headers: { Authorization: 'Bearer secret-token', 'Content-Type': 'application/json' },
      body: '{"query":',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).errors[0].code, 'bad_request');
  });

  test('GET /me, /admins, /teams and /tags describe the workspace', async () => {
    const me = (await api(fake, '/me')).body;
    assert.equal(me.type, 'admin');
    assert.equal(me.app.type, 'app');
    const admins = (await api(fake, '/admins')).body;
    assert.equal(admins.type, 'admin.list');
    assert.ok(admins.admins.length >= 25);
    assert.ok(admins.admins.some((admin: Json) => admin.away_mode_enabled));
    assert.ok(admins.admins.some((admin: Json) => admin.id === me.id));
    const teams = (await api(fake, '/teams')).body;
    assert.equal(teams.type, 'team.list');
    assert.ok(teams.teams.length >= 5);
    const adminIds = new Set(admins.admins.map((admin: Json) => Number(admin.id)));
    for (const team of teams.teams) for (const id of team.admin_ids) assert.ok(adminIds.has(id));
    const tags = (await api(fake, '/tags')).body;
    assert.equal(tags.type, 'list');
    assert.ok(tags.data.length >= 35);
    assert.equal(new Set(tags.data.map((tag: Json) => tag.id)).size, tags.data.length);
  });

  test('GET /contacts/{id} returns the contact of a conversation', async () => {
    const conversation = (await api(fake, '/conversations?per_page=1')).body.conversations[0];
    const contactId = conversation.contacts.contacts[0].id;
    assert.match(contactId, /^[0-9a-f]{24}$/);
    const contact = await api(fake, `/contacts/${contactId}`);
    assert.equal(contact.status, 200);
    assert.equal(contact.body.id, contactId);
    assert.ok(['user', 'lead'].includes(contact.body.role));
  });

  test('POST /contacts/search filters contacts with the same DSL', async () => {
    const all = await api(fake, '/contacts/search', {
      body: { query: { field: 'role', operator: '=', value: 'lead' }, pagination: { per_page: 150 } },
    });
    assert.equal(all.status, 200);
    assert.equal(all.body.type, 'list');
    assert.ok(all.body.total_count > 0);
    assert.ok(all.body.data.every((contact: Json) => contact.role === 'lead'));
    const someWithout = all.body.data.some((contact: Json) => contact.email === undefined);
    assert.ok(someWithout, 'some leads have no email');
    const withEmail = all.body.data.find((contact: Json) => contact.email !== undefined);
    const byEmail = await api(fake, '/contacts/search', {
      body: { query: { field: 'email', operator: '=', value: withEmail.email } },
    });
    assert.deepEqual(
      byEmail.body.data.map((contact: Json) => contact.id),
      [withEmail.id],
    );
    const pair = all.body.data.slice(0, 2).map((contact: Json) => contact.id as string);
    const byIds = await api(fake, '/contacts/search', {
      body: { query: { field: 'id', operator: 'IN', value: [...pair, 'ffffffffffffffffffffffff'] } },
    });
    assert.deepEqual(byIds.body.data.map((contact: Json) => contact.id).sort(), [...pair].sort());
    assert.equal(byIds.body.total_count, 2);
    const bad = await api(fake, '/contacts/search', {
      body: { query: { field: 'role', operator: '>', value: 1 } },
    });
    assert.equal(bad.status, 400);
  });

  test('GET /conversations lists by updated_at descending with cursors', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query =
        cursor === undefined ? '?per_page=30' : `?per_page=30&starting_after=${encodeURIComponent(cursor)}`;
      const page = (await api(fake, `/conversations${query}`)).body;
      assert.equal(page.type, 'conversation.list');
      assert.equal(page.total_count, 200);
      for (const c of page.conversations) {
        assert.equal(c.conversation_parts, undefined);
        seen.push(c.id);
      }
      cursor = page.pages.next?.starting_after;
      pages++;
    } while (cursor !== undefined);
    assert.equal(pages, 7);
    assert.equal(new Set(seen).size, 200);
    assert.equal((await api(fake, '/conversations?per_page=151')).status, 400);
  });

  test('stats() counts requests by route', async () => {
    const before = fake.stats();
    await api(fake, '/teams');
    const after = fake.stats();
    assert.equal(after.requests, before.requests + 1);
    assert.equal(after.byRoute['GET /teams'], (before.byRoute['GET /teams'] ?? 0) + 1);
  });
});
