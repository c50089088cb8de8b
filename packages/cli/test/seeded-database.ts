import path from 'node:path';
import { resolveConfig, runSync } from '@fastintercom/core';
import type { SyncResult } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, FakeIntercomOptions } from '@fastintercom/fake-intercom';
import { tempDir } from './fic-process.js';

export interface SeededDatabase {
  dir: string;
  dbPath: string;
  /** Still running: tests may sync again; close it in `after`. */
  fake: FakeIntercom;
  sync: SyncResult;
  /** For spawned fic processes: the fake's token and URL. */
  env: Record<string, string>;
}

/** A database synced from the fake Intercom with the real sync engine (once per test file). */
export async function seedDatabase(options: FakeIntercomOptions = {}): Promise<SeededDatabase> {
  const dir = tempDir('fic-seed-');
  const dbPath = path.join(dir, 'fic.db');
  const fake = await startFakeIntercom({ conversations: 300, rateLimitPerMinute: 0, ...options });
  const { config } = resolveConfig({ flags: { accessToken: fake.token, apiUrl: fake.url, dbPath }, env: {} });
  const sync = await runSync(config, { mode: 'full' });
  return {
    dir,
    dbPath,
    fake,
    sync,
    env: { INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url },
  };
}
