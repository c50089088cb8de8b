import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  FicError,
  defaultConfigPath,
  readConfigFile,
  redactConfig,
  resolveConfig,
  writeConfigFile,
} from '@fastintercom/core';

const TOKEN = 'dG9rOmFiY2RlZjEyMzQ1Njc4OTA6MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fic-config-'));
}

describe('resolveConfig', () => {
  test('uses the documented defaults when nothing is set', () => {
    const { config, sources } = resolveConfig({ env: {} });
    assert.equal(config.accessToken, undefined);
    assert.equal(config.apiUrl, 'https://api.intercom.io');
    assert.equal(config.region, 'us');
    assert.equal(config.apiVersion, '2.16');
    assert.equal(config.timeoutSeconds, 30);
    assert.equal(config.retryCount, 3);
    assert.equal(config.dbPath, path.join(os.homedir(), '.fastintercom', 'data.db'));
    assert.equal(config.lookbackMinutes, 10);
    assert.equal(config.maxConversationsPerSync, undefined);
    assert.equal(config.memoryLimitMb, 150);
    assert.equal(config.concurrency, 40);
    assert.equal(config.syncIntervalMinutes, 10);
    assert.equal(config.backgroundSyncEnabled, false);
    assert.ok(Object.values(sources).every((source) => source === 'default'));
    assert.ok(Object.isFrozen(config));
  });

  test('flags beat env, env beats the file, the file beats defaults', () => {
    const { config, sources } = resolveConfig({
      flags: { concurrency: 7, dbPath: undefined },
      env: {
        FASTINTERCOM_CONCURRENCY: '9',
        FASTINTERCOM_API_TIMEOUT_SECONDS: '12.5',
        FASTINTERCOM_LOOKBACK_MINUTES: '',
      },
      file: {
        concurrency: 11,
        timeoutSeconds: 40,
        retryCount: 5,
        lookbackMinutes: 3,
        dbPath: '/data/fic.db',
      },
    });
    assert.equal(config.concurrency, 7);
    assert.equal(sources.concurrency, 'flag');
    assert.equal(config.timeoutSeconds, 12.5);
    assert.equal(sources.timeoutSeconds, 'env');
    assert.equal(config.retryCount, 5);
    assert.equal(sources.retryCount, 'file');
    assert.equal(config.lookbackMinutes, 3, 'an empty env var counts as unset');
    assert.equal(config.dbPath, '/data/fic.db', 'an undefined flag counts as unset');
    assert.equal(sources.apiVersion, 'default');
  });

  test('reads every documented environment variable', () => {
    const { config } = resolveConfig({
      env: {
        INTERCOM_ACCESS_TOKEN: TOKEN,
        FASTINTERCOM_REGION: 'EU',
        FASTINTERCOM_API_VERSION: '2.15',
        FASTINTERCOM_API_RETRY_COUNT: '0',
        FASTINTERCOM_DB_PATH: '~/x/fic.db',
        FASTINTERCOM_MAX_CONVERSATIONS_PER_SYNC: '500',
        FASTINTERCOM_MEMORY_LIMIT_MB: '256',
        FASTINTERCOM_SYNC_INTERVAL_MINUTES: '5',
        FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'no',
      },
    });
    assert.equal(config.accessToken, TOKEN);
    assert.equal(config.region, 'eu');
    assert.equal(config.apiUrl, 'https://api.eu.intercom.io');
    assert.equal(config.apiVersion, '2.15');
    assert.equal(config.retryCount, 0);
    assert.equal(config.dbPath, path.join(os.homedir(), 'x', 'fic.db'));
    assert.equal(config.maxConversationsPerSync, 500);
    assert.equal(config.memoryLimitMb, 256);
    assert.equal(config.syncIntervalMinutes, 5);
    assert.equal(config.backgroundSyncEnabled, false);
  });

  test('background sync defaults to on once a token is configured', () => {
    assert.equal(resolveConfig({ env: { INTERCOM_ACCESS_TOKEN: TOKEN } }).config.backgroundSyncEnabled, true);
  });

  test('an explicit API URL wins over a region set at the same or a lower layer, not over a higher one', () => {
    const fake = resolveConfig({
      env: { FASTINTERCOM_API_URL: 'http://127.0.0.1:4010/', FASTINTERCOM_REGION: 'au' },
    });
    assert.equal(fake.config.apiUrl, 'http://127.0.0.1:4010');
    assert.equal(fake.sources.apiUrl, 'env');

    const regionFlag = resolveConfig({
      flags: { region: 'au' },
      file: { apiUrl: 'https://api.eu.intercom.io' },
    });
    assert.equal(regionFlag.config.apiUrl, 'https://api.au.intercom.io');
    assert.equal(regionFlag.sources.apiUrl, 'flag');

    const inferred = resolveConfig({ env: { FASTINTERCOM_API_URL: 'https://api.eu.intercom.io' } });
    assert.equal(inferred.config.region, 'eu', 'a regional URL implies its region');
  });

  test('a bad value fails with a config error naming where it came from', () => {
    const cases: [Parameters<typeof resolveConfig>[0], RegExp][] = [
      [{ env: { FASTINTERCOM_REGION: 'mars' } }, /FASTINTERCOM_REGION must be us, eu or au \(got "mars"\)/],
      [{ env: { FASTINTERCOM_CONCURRENCY: 'lots' } }, /FASTINTERCOM_CONCURRENCY must be a whole number/],
      [
        { env: { FASTINTERCOM_API_TIMEOUT_SECONDS: '-1' } },
        /FASTINTERCOM_API_TIMEOUT_SECONDS must be a number/,
      ],
      [{ env: { FASTINTERCOM_API_URL: 'ftp://x' } }, /FASTINTERCOM_API_URL must be an http\(s\) URL/],
      [{ file: { retryCount: 1.5 } }, /"retryCount" in the config file must be a whole number/],
      [{ flags: { backgroundSyncEnabled: 'maybe' as unknown as boolean } }, /The backgroundSyncEnabled flag/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => resolveConfig({ env: {}, ...input }),
        (error: unknown) =>
          error instanceof FicError && error.code === 'config' && message.test(error.message),
      );
    }
  });
});

describe('config file', () => {
  test('a missing file reads as empty', () => {
    assert.deepEqual(readConfigFile(path.join(tempDir(), 'nope.json')), {});
  });

  test('writes 0600 in a 0700 directory and reads back what was written', () => {
    const file = path.join(tempDir(), 'nested', 'config.json');
    const written = writeConfigFile({ accessToken: TOKEN, region: 'eu', concurrency: 30 }, file);
    assert.equal(written, file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.deepEqual(readConfigFile(file), { accessToken: TOKEN, region: 'eu', concurrency: 30 });
    const { config, sources } = resolveConfig({ env: {}, file: readConfigFile(file) });
    assert.equal(config.apiUrl, 'https://api.eu.intercom.io');
    assert.equal(sources.accessToken, 'file');
  });

  test('invalid JSON or values fail with a config error naming the file', () => {
    const dir = tempDir();
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ "region": ');
    assert.throws(() => readConfigFile(broken), {
      code: 'config',
      message: new RegExp(`${broken} is not valid JSON`),
    });
    const wrong = path.join(dir, 'wrong.json');
    fs.writeFileSync(wrong, JSON.stringify({ concurrency: 0 }));
    assert.throws(() => readConfigFile(wrong), { code: 'config', message: /"concurrency" in .*wrong\.json/ });
  });

  test('FASTINTERCOM_CONFIG_PATH moves the default config file', () => {
    assert.equal(defaultConfigPath({ FASTINTERCOM_CONFIG_PATH: '/etc/fic.json' }), '/etc/fic.json');
    assert.equal(defaultConfigPath({}), path.join(os.homedir(), '.fastintercom', 'config.json'));
  });
});

describe('the token stays secret', () => {
  test('redactConfig shows a hint, never the token', () => {
    const { config } = resolveConfig({ env: { INTERCOM_ACCESS_TOKEN: TOKEN } });
    const shown = JSON.stringify(redactConfig(config));
    assert.ok(!shown.includes(TOKEN));
    assert.equal(redactConfig(config).accessToken, 'dG9r…(redacted)');
    assert.equal(redactConfig({ ...config, accessToken: 'short-token' }).accessToken, '(redacted)');
    assert.equal(redactConfig({ ...config, accessToken: undefined }).accessToken, null);
  });

  test('an invalid token is reported without its value', () => {
    assert.throws(
      () => resolveConfig({ env: {}, flags: { accessToken: '   ' } }),
      (error: unknown) =>
        error instanceof FicError && error.code === 'config' && !error.message.includes('   "'),
    );
    assert.throws(
      () => writeConfigFile({ accessToken: 42 as unknown as string }, path.join(tempDir(), 'c.json')),
      (error: unknown) => error instanceof FicError && !error.message.includes('42'),
    );
  });
});
