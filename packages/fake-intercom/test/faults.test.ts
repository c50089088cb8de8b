import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../src/index.js';
import { parseFaults, startFakeIntercom } from '../src/index.js';
import { api } from './fake-client.js';

describe('faults', () => {
  let fake: FakeIntercom;
  before(async () => {
    fake = await startFakeIntercom({ conversations: 30, seed: 9 });
  });
  after(() => fake.close());

  test('parseFaults reads the spec and rejects nonsense', () => {
    assert.deepEqual(parseFaults('500=0.01, 503=0.02,reset=0.005,malformed=0.005,hang=0.001'), {
      '500': 0.01,
      '503': 0.02,
      reset: 0.005,
      malformed: 0.005,
      hang: 0.001,
    });
    assert.throws(() => parseFaults('404=0.1'), /Unknown fault kind/);
    assert.throws(() => parseFaults('500=2'), /between 0 and 1/);
    assert.throws(() => parseFaults('500=0.7,503=0.7'), /more than 1/);
  });

  test('500 and 503 answer error.list bodies, 502 a gateway page', async () => {
    for (const [spec, status, code] of [
      ['500=1', 500, 'server_error'],
      ['503=1', 503, 'service_unavailable'],
    ] as const) {
      fake.setFaults(spec);
      const response = await api(fake, '/admins');
      assert.equal(response.status, status);
      assert.equal(response.body.type, 'error.list');
      assert.equal(response.body.errors[0].code, code);
    }
    fake.setFaults('502=1');
    const gateway = await api(fake, '/admins');
    assert.equal(gateway.status, 502);
    assert.match(gateway.text, /502 Bad Gateway/);
    fake.setFaults({});
    assert.equal((await api(fake, '/admins')).status, 200);
  });

  test('malformed answers 200 with truncated JSON', async () => {
    fake.setFaults('malformed=1');
    const response = await api(fake, '/admins');
    fake.setFaults({});
    assert.equal(response.status, 200);
    assert.equal(response.body, undefined);
    assert.throws(() => JSON.parse(response.text) as unknown);
    assert.ok(response.text.startsWith('{"type":"admin.list"'));
  });

  test('reset destroys the connection', async () => {
    fake.setFaults('reset=1');
    await assert.rejects(api(fake, '/admins'), /fetch failed/);
    fake.setFaults({});
  });

  test('hang never answers: only the client timeout ends it', async () => {
    fake.setFaults('hang=1');
    const response = fetch(`${fake.url}/admins`, {
      headers: { Authorization: `Bearer ${fake.token}` },
      signal: AbortSignal.timeout(300),
    });
    await assert.rejects(response, { name: 'TimeoutError' });
    fake.setFaults({});
  });

  test('faults are counted in stats()', () => {
    const { faults } = fake.stats();
    for (const kind of ['500', '502', '503', 'malformed', 'reset', 'hang'])
      assert.ok((faults[kind] ?? 0) >= 1, kind);
  });

  test('the same seed injects the same faults in the same order', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      const local = await startFakeIntercom({ conversations: 10, seed, faults: '500=0.2,503=0.2' });
      try {
        const result: number[] = [];
        for (let i = 0; i < 30; i++) result.push((await api(local, '/tags')).status);
        return result;
      } finally {
        await local.close();
      }
    };
    const first = await statuses(4);
    assert.deepEqual(await statuses(4), first);
    assert.ok(first.includes(500) && first.includes(503) && first.includes(200));
    assert.notDeepEqual(await statuses(5), first);
  });
});
