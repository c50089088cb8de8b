import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConversationDetail, SearchConversationsResult } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, TruthConversation, WorkspaceTruth } from '@fastintercom/fake-intercom';
import type { SyncCommandResult } from '../packages/cli/src/commands/sync.js';
import type { StatusResult } from '../packages/cli/src/database-status.js';
import type { VerifyResult } from '../packages/cli/src/commands/verify.js';
import { runFicJson, tempDir } from '../packages/cli/test/fic-process.js';
import type { SnakeCased } from '@fastintercom/core/snake-case';

/**
 * The whole product as a user meets it: a fake Intercom workspace, `fic sync` in a child process, and
 * the query commands answering from what it stored, before and after the workspace changes.
 */

function totalParts(truth: WorkspaceTruth): number {
  return truth.conversations.reduce((sum, c) => sum + c.parts.length, 0);
}

/** The first words of a conversation's opening message, as an exact phrase. */
function phraseOf(conversation: TruthConversation): string {
  const words = conversation.source_body
    .replace(/<[^>]+>/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return `"${words.slice(0, 4).join(' ')}"`;
}

describe('end to end: fake Intercom -> fic sync -> fic queries', () => {
  let fake: FakeIntercom;
  let env: Record<string, string>;

  before(async () => {
    fake = await startFakeIntercom({ conversations: 300, rateLimitPerMinute: 0 });
    env = {
      INTERCOM_ACCESS_TOKEN: fake.token,
      FASTINTERCOM_API_URL: fake.url,
      FASTINTERCOM_DB_PATH: path.join(tempDir('fic-e2e-'), 'fic.db'),
    };
  });
  after(() => fake.close());

  async function expectInStep(truth: WorkspaceTruth): Promise<SnakeCased<StatusResult>> {
    const status = await runFicJson<StatusResult>(['status'], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json.counts.conversations, truth.conversations.length);
    assert.equal(status.json.counts.parts, totalParts(truth));
    assert.equal(status.json.counts.admins, truth.admins.length);
    assert.equal(status.json.counts.teams, truth.teams.length);
    return status.json;
  }

  async function search(query: string): Promise<SnakeCased<SearchConversationsResult>> {
    const run = await runFicJson<SearchConversationsResult>(['search', query, '--limit', '50'], { env });
    assert.equal(run.code, 0, run.stderr);
    return run.json;
  }

  test('a first sync copies the workspace; status and search agree with the fake', async () => {
    const sync = await runFicJson<SyncCommandResult>(['sync'], { env });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.json.status, 'succeeded');
    assert.equal(sync.json.mode, 'incremental');

    const truth = fake.truth();
    assert.equal(sync.json.conversations_synced, truth.conversations.length);
    const status = await expectInStep(truth);
    assert.equal(status.last_sync?.status, 'succeeded');
    assert.equal(status.health.ok, true);

    const known = truth.conversations[42]!;
    const found = await search(phraseOf(known));
    assert.ok(
      found.hits.some((hit) => hit.id === known.id),
      `search finds ${known.id}`,
    );
  });

  test('after the workspace changes, an incremental sync brings the new data', async () => {
    const changes = fake.advance({ newConversations: 7, replies: 12, closes: 4, notes: 3 });
    const sync = await runFicJson<SyncCommandResult>(['sync'], { env });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.json.mode, 'incremental');
    const truth = fake.truth();
    assert.ok(
      sync.json.conversations_synced >= changes.created.length + new Set(changes.updated).size,
      'every new and changed conversation is fetched',
    );
    assert.ok(sync.json.conversations_synced < truth.conversations.length, 'unchanged conversations are not');
    await expectInStep(truth);

    const created = truth.conversations.find((c) => c.id === changes.created[0])!;
    const found = await search(phraseOf(created));
    assert.ok(
      found.hits.some((hit) => hit.id === created.id),
      `search finds the new conversation ${created.id}`,
    );

    const changed = truth.conversations.find((c) => c.id === changes.updated[0])!;
    const detail = await runFicJson<ConversationDetail>(['conversation', changed.id, '--max-parts', '500'], {
      env,
    });
    assert.equal(detail.code, 0, detail.stderr);
    assert.equal(detail.json.state, changed.state);
    assert.equal(detail.json.updated_at_unix, changed.updated_at);
    assert.deepEqual(
      detail.json.messages.slice(1).map((message) => message.id),
      changed.parts.map((part) => part.id),
    );

    const verify = await runFicJson<VerifyResult>(['verify'], { env });
    assert.equal(verify.code, 0, JSON.stringify(verify.json.checks));
  });
});
