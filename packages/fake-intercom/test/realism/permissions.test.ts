/* eslint-disable @typescript-eslint/no-unsafe-argument -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERMISSION_NAMES, PERMISSION_ROUTES, startFakeIntercom } from '../../src/index.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

test('a missing permission answers 401 unauthorized on its endpoints while GET /me works', async () => {
  const fake = await startFakeIntercom({
    conversations: 20,
    seed: 91,
    now: NOW,
    missingPermissions: ['tags', 'conversations'],
  });
  try {
    const [conversation] = fake.truth().conversations;
    const denied = [
      ['/tags', undefined],
      [`/conversations/${conversation!.id}`, undefined],
      ['/conversations?per_page=5', undefined],
      ['/conversations/search', { query: { field: 'updated_at', operator: '>', value: 0 } }],
    ] as const;
    for (const [path, body] of denied) {
      const response = await api(fake, path, body === undefined ? {} : { body });
      assert.equal(response.status, 401, path);
      assert.equal(response.body.type, 'error.list');
      assert.match(response.body.request_id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(response.body.errors, [
        { code: 'unauthorized', message: 'Not authorized to access resource' },
      ]);
      assert.equal(response.headers.get('intercom-version'), '2.16');
    }
    for (const path of ['/me', '/admins', '/teams', `/contacts/${conversation!.contact_ids[0]}`])
      assert.equal((await api(fake, path)).status, 200, path);
    assert.equal((await api(fake, '/conversations/deleted')).status, 200);
    assert.equal((await api(fake, '/_fake/truth')).status, 200, 'control endpoints need no permission');

    fake.setMissingPermissions([]);
    assert.equal((await api(fake, '/tags')).status, 200);
  } finally {
    await fake.close();
  }
});

test('every permission guards exactly its endpoints; POST /_fake/missing-permissions sets them', async () => {
  const fake = await startFakeIntercom({ conversations: 20, seed: 92, now: NOW });
  try {
    const truth = fake.truth();
    const [conversation] = truth.conversations;
    const [ticket] = truth.tickets;
    const [company] = truth.companies;
    const requests: Record<string, () => ReturnType<typeof api>> = {
      'GET /admins': () => api(fake, '/admins'),
      'GET /teams': () => api(fake, '/teams'),
      'GET /tags': () => api(fake, '/tags'),
      'GET /contacts/{id}': () => api(fake, `/contacts/${conversation!.contact_ids[0]}`),
      'POST /contacts/search': () =>
        api(fake, '/contacts/search', { body: { query: { field: 'role', operator: '=', value: 'user' } } }),
      'POST /conversations/search': () =>
        api(fake, '/conversations/search', {
          body: { query: { field: 'updated_at', operator: '>', value: 0 } },
        }),
      'GET /conversations': () => api(fake, '/conversations'),
      'GET /conversations/{id}': () => api(fake, `/conversations/${conversation!.id}`),
      'GET /conversations/deleted': () => api(fake, '/conversations/deleted'),
      'POST /tickets/search': () =>
        api(fake, '/tickets/search', { body: { query: { field: 'updated_at', operator: '>', value: 0 } } }),
      'GET /tickets/{id}': () => api(fake, `/tickets/${ticket!.id}`),
      'GET /ticket_types': () => api(fake, '/ticket_types'),
      'GET /ticket_states': () => api(fake, '/ticket_states'),
      'GET /companies': () => api(fake, '/companies'),
      // Scrolled to its end, so the next call may open a scroll again (one open scroll per workspace).
      'GET /companies/scroll': async () => {
        const first = await api(fake, '/companies/scroll');
        if (first.status === 200) {
          const end = await api(fake, `/companies/scroll?scroll_param=${first.body.scroll_param}`);
          assert.equal(end.body.data.length, 0);
        }
        return first;
      },
      'GET /companies/{id}': () => api(fake, `/companies/${company!.id}`),
      'GET /companies/{id}/contacts': () => api(fake, `/companies/${company!.id}/contacts`),
      'GET /contacts/{id}/companies': () => api(fake, `/contacts/${conversation!.contact_ids[0]}/companies`),
    };
    assert.deepEqual(Object.keys(requests).sort(), Object.values(PERMISSION_ROUTES).flat().sort());
    for (const name of PERMISSION_NAMES) {
      const set = await api(fake, '/_fake/missing-permissions', { body: { names: [name] } });
      assert.equal(set.status, 200);
      for (const [route, send] of Object.entries(requests)) {
        const expected = PERMISSION_ROUTES[name].includes(route) ? 401 : 200;
        assert.equal((await send()).status, expected, `${name}: ${route}`);
      }
      assert.equal((await api(fake, '/me')).status, 200);
    }
    const bad = await api(fake, '/_fake/missing-permissions', { body: { names: ['billing'] } });
    assert.equal(bad.status, 400);
    assert.throws(() => fake.setMissingPermissions(['billing' as never]), /Unknown permission/);
  } finally {
    await fake.close();
  }
});
