import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import type { SyncCommandResult } from '../../src/commands/sync.js';
import type { VerifyResult } from '../../src/commands/verify.js';
import type { StatusResult } from '../../src/database-status.js';
import { runFic, runFicJson, tempDir } from '../fic-process.js';

/**
 * What a user sees of the copy's truth, through the real `fic` binary against the realistic fake:
 * failing fetches (exit 5, listed by status), deletions, missing permissions (named by sync and init,
 * exit 6 when nothing can be read), and verify --remote proving the copy complete or not.
 */
describe('fic and the realistic API', () => {
  let fake: FakeIntercom;
  let env: Record<string, string>;

  before(async () => {
    fake = await startFakeIntercom({ conversations: 150, seed: 61, rateLimitPerMinute: 0, realistic: true });
    env = { INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url };
  });
  after(() => fake.close());

  test('a conversation that keeps failing: sync exits 5 and names it, status lists it, a healed sync exits 0', async () => {
    const dbPath = path.join(tempDir(), 'data.db');
    const broken = fake.truth().conversations[7]!.id;
    fake.failConversations([broken], '503');
    try {
      const run = await runFic(['sync', '--db', dbPath], { env });
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stdout, /Sync finished with failures \(partial\)/);
      assert.match(run.stdout, /1 fetches keep failing/);

      const status = await runFicJson<StatusResult>(['status', '--db', dbPath], { env });
      assert.equal(status.json.fidelity.outstanding_failures.conversations, 1);
      assert.equal(status.json.fidelity.outstanding_failures.examples[0]?.id, broken);
      const human = await runFic(['status', '--db', dbPath], { env });
      assert.match(human.stdout, new RegExp(`conversation ${broken}`));
      const check = await runFic(['status', '--check', '--db', dbPath], { env });
      assert.notEqual(check.code, 0, 'an incomplete copy is not healthy');
    } finally {
      fake.healConversations();
    }
    const healed = await runFicJson<SyncCommandResult>(['sync', '--db', dbPath], { env });
    assert.equal(healed.code, 0, healed.stderr);
    assert.equal(healed.json.outstanding_failures, 0);
  });

  test('verify --remote reports a deletion the copy still holds, and sync --reconcile --full removes it', async () => {
    const dbPath = path.join(tempDir(), 'data.db');
    assert.equal((await runFic(['sync', '--db', dbPath], { env })).code, 0);
    const complete = await runFicJson<VerifyResult>(['verify', '--remote', '--db', dbPath], { env });
    assert.equal(complete.code, 0, complete.stdout);
    assert.equal(complete.json.remote?.complete, true);

    // Deleted while the deleted list is out of the token's reach: only a full reconciliation sees it.
    fake.setMissingPermissions(['deleted_conversations']);
    try {
      const gone = fake.truth().conversations[3]!.id;
      fake.deleteConversations([gone]);
      fake.flushSearchIndex();
      const incomplete = await runFic(['verify', '--remote', '--db', dbPath], { env });
      assert.equal(incomplete.code, 1);
      assert.match(incomplete.stdout, new RegExp(`Deleted in Intercom, still in the copy: 1 \\(${gone}\\)`));

      const sync = await runFic(['sync', '--reconcile', '--full', '--db', dbPath], { env });
      assert.equal(sync.code, 0, sync.stderr);
      assert.match(sync.stdout, /1 deleted in Intercom, removed from the copy/);
      assert.match(sync.stdout, /The token lacks "Read conversations" \(GET \/conversations\/deleted\)/);
      const status = await runFicJson<StatusResult>(['status', '--db', dbPath], { env });
      assert.equal(status.json.fidelity.deletions.total, 1);
    } finally {
      fake.setMissingPermissions([]);
    }
    const after = await runFicJson<VerifyResult>(['verify', '--remote', '--db', dbPath], { env });
    assert.equal(after.json.remote?.complete, true);
  });

  test('init lists the permissions the token lacks; a sync without conversations access exits 6', async () => {
    fake.setMissingPermissions(['tags', 'contacts']);
    try {
      const home = tempDir('fic-home-');
      const init = await runFic(['init'], { env: { ...env, HOME: home } });
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /The token lacks 2 permissions a sync uses:/);
      assert.match(init.stdout, /"Read tags" \(GET \/tags\): without it, tag names are not synced\./);
      assert.match(init.stdout, /"Read and list users and companies" \(POST \/contacts\/search\)/);

      fake.setMissingPermissions(['conversations']);
      const dbPath = path.join(tempDir(), 'data.db');
      const sync = await runFic(['sync', '--db', dbPath], { env });
      assert.equal(sync.code, 6, sync.stderr);
      assert.match(sync.stderr, /lacks the "Read conversations" permission/);
      assert.doesNotMatch(sync.stderr, /rejected/);
    } finally {
      fake.setMissingPermissions([]);
    }
  });
});
