import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { runFic, runFicJson, tempDir } from '../fic-process.js';

interface InitJson {
  configPath: string;
  workspace: { name: string | null };
  admin: { email: string | null };
  tokenFrom: string;
}

describe('fic init', () => {
  let fake: FakeIntercom;
  let workspaceName: string;

  before(async () => {
    fake = await startFakeIntercom({ conversations: 10, token: 'init-test-token-0123456789abcdef' });
    const response = await fetch(`${fake.url}/me`, { headers: { Authorization: `Bearer ${fake.token}` } });
    workspaceName = ((await response.json()) as { app: { name: string } }).app.name;
  });
  after(() => fake.close());

  test('verifies a token read from stdin with GET /me and stores it 0600 in a 0700 directory', async () => {
    const home = tempDir('fic-home-');
    const run = await runFicJson<InitJson>(['init'], {
      env: { HOME: home, FASTINTERCOM_API_URL: fake.url },
      input: `${fake.token}\n`,
    });
    assert.equal(run.code, 0, run.stderr);
    const configPath = path.join(home, '.fastintercom', 'config.json');
    assert.equal(run.json.config_path, configPath);
    assert.equal(run.json.workspace.name, workspaceName);
    assert.equal(run.json.token_from, 'prompt');
    assert.equal(fs.statSync(configPath).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(configPath)).mode & 0o777, 0o700);
    assert.equal(
      (JSON.parse(fs.readFileSync(configPath, 'utf8')) as { accessToken: string }).accessToken,
      fake.token,
    );
    assert.ok(!run.stdout.includes(fake.token), 'the token is not printed');

    // The stored token is what later commands use: fic config reports it from the file.
    const config = await runFicJson<{ settings: { key: string; source: string }[] }>(['config'], {
      env: { HOME: home },
    });
    assert.equal(config.json.settings.find((s) => s.key === 'accessToken')?.source, 'file');
  });

  test('prints the workspace name and keeps the other settings already in the file', async () => {
    const home = tempDir('fic-home-');
    const configPath = path.join(home, '.fastintercom', 'config.json');
    fs.mkdirSync(path.dirname(configPath), { recursive: true, mode: 0o700 });
    fs.writeFileSync(configPath, JSON.stringify({ syncIntervalMinutes: 30 }), { mode: 0o600 });
    const run = await runFic(['init'], {
      env: { HOME: home, FASTINTERCOM_API_URL: fake.url, INTERCOM_ACCESS_TOKEN: fake.token },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Token verified: workspace "${workspaceName}"`));
    assert.match(run.stderr, /Using INTERCOM_ACCESS_TOKEN from the environment/);
    assert.deepEqual(JSON.parse(fs.readFileSync(configPath, 'utf8')), {
      accessToken: fake.token,
      syncIntervalMinutes: 30,
    });
  });

  test('a rejected token exits 4 with a clear message and writes nothing', async () => {
    const home = tempDir('fic-home-');
    const run = await runFic(['init'], {
      env: { HOME: home, FASTINTERCOM_API_URL: fake.url },
      input: 'not-the-right-token\n',
    });
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /^Error: .*(401|rejected|token)/im);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(!fs.existsSync(path.join(home, '.fastintercom', 'config.json')));
  });

  test('no token at all exits 2 saying where to get one', async () => {
    const run = await runFic(['init'], { env: { FASTINTERCOM_API_URL: fake.url }, input: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No token given/);
  });
});
