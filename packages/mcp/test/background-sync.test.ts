import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { BackgroundSync } from '../src/background-sync.js';
import { SyncJobManager } from '../src/sync-jobs.js';
import { eventually, tempDir, testConfig } from './mcp-harness.js';

test('a tick while a sync runs is skipped; the next free tick starts an incremental sync; stop ends it', async () => {
  const fake = await startFakeIntercom({ conversations: 30, seed: 5, latencyMs: 60 });
  const dir = tempDir();
  const logs: string[] = [];
  const logger = (message: string): void => void logs.push(message);
  const jobs = new SyncJobManager({ config: testConfig(fake, path.join(dir, 'data.db')), logger });
  const schedule = new BackgroundSync({ jobs, intervalMs: 20, logger });
  try {
    const { job: toolJob } = jobs.start({ mode: 'full', trigger: 'tool' });
    assert.equal(schedule.nextRunAt, null);
    schedule.start();
    assert.equal(typeof schedule.nextRunAt, 'number');
    assert.equal(jobs.latest()?.id, toolJob.id, 'nothing starts before the first interval');

    await eventually(() => (logs.some((line) => line.includes('skipped')) ? true : undefined));
    assert.equal(jobs.latest()?.id, toolJob.id, 'a skipped tick starts nothing');
    await jobs.settled(toolJob.id);
    assert.equal(toolJob.status, 'succeeded');

    const background = await eventually(() => {
      const latest = jobs.latest();
      return latest?.trigger === 'background' ? latest : undefined;
    });
    assert.equal(background.mode, 'incremental');
    schedule.stop();
    assert.equal(schedule.nextRunAt, null);
    await jobs.settled(background.id);
    const count = logs.filter((line) => line.startsWith('Background sync started')).length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(logs.filter((line) => line.startsWith('Background sync started')).length, count, 'stopped');
  } finally {
    schedule.stop();
    await jobs.close();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
