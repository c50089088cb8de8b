import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLAIN_DEFAULTS, REALISTIC_DEFAULTS, startFakeIntercom } from '../../src/index.js';
import { resolveRealism } from '../../src/realism/realism-options.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

test('realistic turns every option on; single fields still override; plain is every option off', () => {
  assert.deepEqual(resolveRealism(true), REALISTIC_DEFAULTS);
  assert.deepEqual(resolveRealism(false), PLAIN_DEFAULTS);
  for (const [key, value] of Object.entries(PLAIN_DEFAULTS))
    assert.ok(value === false || value === 0, `${key} is off by default`);
  for (const [key, value] of Object.entries(REALISTIC_DEFAULTS))
    assert.ok(value === true || (typeof value === 'number' && value > 0), `${key} is on when realistic`);
  assert.deepEqual(resolveRealism(true, { tieLessCursor: false, searchIndexLagSeconds: 5 }), {
    ...REALISTIC_DEFAULTS,
    tieLessCursor: false,
    searchIndexLagSeconds: 5,
  });
  assert.deepEqual(resolveRealism(false, { richParts: true }), { ...PLAIN_DEFAULTS, richParts: true });
  assert.throws(() => resolveRealism(false, { bogus: true } as never), /Unknown realism option/);
  assert.throws(() => resolveRealism(false, { richParts: 1 } as never), /true or false/);
  assert.throws(() => resolveRealism(false, { searchIndexLagSeconds: -1 }), /non-negative/);
  assert.throws(() => resolveRealism(false, { missingRateLimitHeadersRate: 2 }), /between 0 and 1/);
});

test('the fake reports the options in force', async () => {
  const plain = await startFakeIntercom({ conversations: 5, seed: 1, now: NOW });
  const realistic = await startFakeIntercom({ conversations: 5, seed: 1, now: NOW, realistic: true });
  const mixed = await startFakeIntercom({
    conversations: 5,
    seed: 1,
    now: NOW,
    realistic: true,
    realism: { explicitNulls: false },
  });
  try {
    assert.deepEqual(plain.realism, PLAIN_DEFAULTS);
    assert.deepEqual(realistic.realism, REALISTIC_DEFAULTS);
    assert.deepEqual(mixed.realism, { ...REALISTIC_DEFAULTS, explicitNulls: false });
  } finally {
    await Promise.all([plain.close(), realistic.close(), mixed.close()]);
  }
});

test('with every option off the fake answers exactly as the plain fake', async () => {
  const plain = await startFakeIntercom({ conversations: 150, seed: 4, now: NOW });
  const off = await startFakeIntercom({
    conversations: 150,
    seed: 4,
    now: NOW,
    realistic: false,
    realism: { ...PLAIN_DEFAULTS },
    missingPermissions: [],
  });
  const on = await startFakeIntercom({ conversations: 150, seed: 4, now: NOW, realistic: true });
  try {
    const ids = plain.truth().conversations.map((c) => c.id);
    assert.deepEqual(off.truth(), plain.truth());
    let differs = 0;
    for (const id of ids.slice(0, 60)) {
      const text = (await api(plain, `/conversations/${id}`)).text;
      assert.equal((await api(off, `/conversations/${id}`)).text, text);
      if ((await api(on, `/conversations/${id}`)).text !== text) differs++;
    }
    assert.equal(differs, 60, 'realistic conversations differ from plain ones');
    const query = { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 150 } };
    const strip = (text: string): string => text.replace(/"request_id":"[^"]+"/g, '');
    assert.equal(
      strip((await api(off, '/conversations/search', { body: query })).text),
      strip((await api(plain, '/conversations/search', { body: query })).text),
    );
  } finally {
    await Promise.all([plain.close(), off.close(), on.close()]);
  }
});
