import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runFic, runFicJson, tempDir } from '../fic-process.js';
import type { SnakeCased } from '@fastintercom/core/snake-case';

interface ConfigJson {
  configPath: string;
  settings: { key: string; value: unknown; source: string }[];
}

const token = 'tok_' + 'a1b2c3d4'.repeat(6);

function setting(json: SnakeCased<ConfigJson>, key: string): { value: unknown; source: string } {
  const found = json.settings.find((entry) => entry.key === key);
  assert.ok(found, `fic config shows ${key}`);
  return found;
}

describe('fic config', () => {
  test('shows each effective value with its source: flags > env > config file > defaults', async () => {
    const home = tempDir('fic-home-');
    fs.mkdirSync(path.join(home, '.fastintercom'), { mode: 0o700 });
    fs.writeFileSync(
      path.join(home, '.fastintercom', 'config.json'),
      JSON.stringify({
        accessToken: token,
        concurrency: 7,
        syncIntervalMinutes: 30,
        dbPath: '/from/file.db',
      }),
      { mode: 0o600 },
    );
    const run = await runFicJson<ConfigJson>(['config', '--db', path.join(home, 'flag.db')], {
      env: { HOME: home, FASTINTERCOM_CONCURRENCY: '5', FASTINTERCOM_DB_PATH: '/from/env.db' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.config_path, path.join(home, '.fastintercom', 'config.json'));
    assert.deepEqual(setting(run.json, 'dbPath'), {
      key: 'dbPath',
      value: path.join(home, 'flag.db'),
      source: 'flag',
    });
    assert.deepEqual(setting(run.json, 'concurrency'), { key: 'concurrency', value: 5, source: 'env' });
    assert.deepEqual(setting(run.json, 'syncIntervalMinutes'), {
      key: 'syncIntervalMinutes',
      value: 30,
      source: 'file',
    });
    assert.deepEqual(setting(run.json, 'retryCount'), { key: 'retryCount', value: 3, source: 'default' });
    assert.equal(setting(run.json, 'accessToken').source, 'file');
    assert.match(String(setting(run.json, 'accessToken').value), /redacted/);
    assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'the token is never printed');
  });

  test('the table names every setting and where it came from, the token redacted', async () => {
    const run = await runFicJson<ConfigJson>(['config'], { env: { INTERCOM_ACCESS_TOKEN: token } });
    assert.equal(setting(run.json, 'accessToken').source, 'env');
    const table = await runFic(['config'], { env: { INTERCOM_ACCESS_TOKEN: token } });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^accessToken\s+tok_…\(redacted\)\s+env$/m);
    assert.match(table.stdout, /^dbPath\s+\S+\/\.fastintercom\/data\.db\s+default$/m);
    assert.ok(!table.stdout.includes(token));
  });

  test('a bad value in the environment exits 1 naming the variable', async () => {
    const run = await runFic(['config'], { env: { FASTINTERCOM_CONCURRENCY: 'lots' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^Error: FASTINTERCOM_CONCURRENCY must be a whole number/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });
});
