import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { runFic, tempDir } from './fic-process.js';

/** A home whose ~/.fastintercom/config.json holds `token`. */
function homeWithToken(token: string): { home: string; configPath: string } {
  const home = tempDir('fic-home-');
  const configPath = path.join(home, '.fastintercom', 'config.json');
  fs.mkdirSync(path.dirname(configPath), { recursive: true, mode: 0o700 });
  fs.writeFileSync(configPath, JSON.stringify({ accessToken: token }), { mode: 0o600 });
  return { home, configPath };
}

describe('the advice when Intercom rejects the token (401) names where the token came from', () => {
  let fake: FakeIntercom;
  let db: string[];

  before(async () => {
    fake = await startFakeIntercom({ conversations: 5, rateLimitPerMinute: 0 });
    db = ['--db', path.join(tempDir(), 'data.db')];
  });
  after(() => fake.close());

  test('from INTERCOM_ACCESS_TOKEN: fix or unset the variable, not run fic init', async () => {
    const run = await runFic(['sync', ...db], {
      env: { INTERCOM_ACCESS_TOKEN: 'revoked-token', FASTINTERCOM_API_URL: fake.url },
    });
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /^Error: Intercom rejected the token in INTERCOM_ACCESS_TOKEN \(401\): fix the variable or unset it; /m,
    );
    assert.doesNotMatch(run.stderr, /fic init/);
  });

  test('from the variable over a stored token: unsetting it brings the stored one back', async () => {
    const { home, configPath } = homeWithToken(fake.token);
    const run = await runFic(['sync', ...db], {
      env: { HOME: home, INTERCOM_ACCESS_TOKEN: 'revoked-token', FASTINTERCOM_API_URL: fake.url },
    });
    assert.equal(run.code, 4, run.stderr);
    assert.ok(
      run.stderr.includes(
        `Error: Intercom rejected the token in INTERCOM_ACCESS_TOKEN (401): fix the variable, or unset it to use the token stored in ${configPath}.`,
      ),
      run.stderr,
    );
  });

  test('from the config file: a new token through fic init', async () => {
    const { home, configPath } = homeWithToken('revoked-token');
    const run = await runFic(['sync', ...db], { env: { HOME: home, FASTINTERCOM_API_URL: fake.url } });
    assert.equal(run.code, 4, run.stderr);
    assert.ok(
      run.stderr.includes(`Error: Intercom rejected the token stored in ${configPath} (401): `),
      run.stderr,
    );
    assert.match(run.stderr, /and run fic init again\.$/m);
    assert.doesNotMatch(run.stderr, /INTERCOM_ACCESS_TOKEN/);
  });

  test('typed into fic init: the token entered', async () => {
    const run = await runFic(['init'], { env: { FASTINTERCOM_API_URL: fake.url }, input: 'wrong-token\n' });
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /^Error: Intercom rejected the token you entered \(401\): /m);
    assert.doesNotMatch(run.stderr, /INTERCOM_ACCESS_TOKEN/);
  });
});
