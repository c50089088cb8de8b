import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, runSync } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { call, connect, failure, seedWorkspace, structured, tempDir, testConfig } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';
import type { GetRecentConversationsOutput, GetSyncStatusOutput } from '../src/index.js';

const READ_CALLS: [string, Record<string, unknown>][] = [
  ['search_conversations', { query: 'refund' }],
  ['get_conversation', { conversation_id: '1' }],
  ['get_conversation_summary', { conversation_id: '1' }],
  ['get_customer_context', { email: 'someone@example.com' }],
  ['get_recent_conversations', {}],
  ['get_team_performance', {}],
];

describe('errors a model can act on', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 30 });
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('an unknown conversation id', async () => {
    for (const tool of ['get_conversation', 'get_conversation_summary']) {
      const reason = failure(await call(connected.client, tool, { conversation_id: '999999999999' }));
      assert.match(reason, /No conversation 999999999999/);
    }
    await assert.rejects(
      connected.client.readResource({ uri: 'intercom://conversation/999999999999' }),
      /No conversation 999999999999/,
    );
  });

  test('an unknown customer and an unknown job id', async () => {
    assert.match(
      failure(await call(connected.client, 'get_customer_context', { email: 'nobody@nowhere.test' })),
      /nobody@nowhere\.test/,
    );
    assert.match(
      failure(await call(connected.client, 'get_sync_status', { job_id: 'no-such-job' })),
      /Unknown job id 'no-such-job'/,
    );
  });

  test('a bad date', async () => {
    assert.match(
      failure(
        await call(connected.client, 'search_conversations', { query: 'refund', since: 'last tuesday' }),
      ),
      /since/,
    );
    assert.match(
      failure(await call(connected.client, 'get_recent_conversations', { until: '2026-02-31' })),
      /until/,
    );
    assert.match(
      failure(
        await call(connected.client, 'get_team_performance', { since: '2026-02-01', until: '2026-01-01' }),
      ),
      /since must be earlier than until/,
    );
  });

  test('a hostile search: prefixes too short to be worth their cost are refused, naming the term', async () => {
    assert.match(
      failure(await call(connected.client, 'search_conversations', { query: 'the* a* i*' })),
      /^a\* is too short a prefix: a \* needs at least 3 letters or digits before it/,
    );
  });

  test('invalid arguments, one line even with several problems', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['search_conversations', { query: 'x', limit: 0 }, /limit/],
      ['search_conversations', { query: 'x', limit: 51 }, /limit/],
      ['search_conversations', { query: 'x', customerEmail: 'a@b.c' }, /customerEmail/],
      ['get_conversation', { conversation_id: { id: 1 } }, /conversation_id/],
      ['get_conversation', { conversation_id: '' }, /conversation_id/],
      [
        'get_recent_conversations',
        { state: 'pending', limit: 'ten', tag: 3 },
        /^(?=.*state: )(?=.*limit: )(?=.*tag: )/,
      ],
      ['get_customer_context', {}, /exactly one of email or contact_id/],
      ['get_customer_context', { email: 'a@b.c', contact_id: '1' }, /exactly one of email or contact_id/],
      ['sync_conversations', { mode: 'window' }, /days/],
      ['get_team_performance', { group_by: 'region' }, /group_by/],
    ];
    for (const [tool, args, expected] of cases) {
      const reason = failure(await call(connected.client, tool, args));
      assert.match(reason, new RegExp(`^Invalid arguments for ${tool}: `));
      assert.match(reason, expected);
    }
    // A search without query or filter is valid input, refused with what to give instead.
    assert.match(
      failure(await call(connected.client, 'search_conversations', {})),
      /Give a query .*or at least one filter/,
    );
  });

  test('an unknown tool', async () => {
    assert.match(
      failure(await call(connected.client, 'delete_everything')),
      /Unknown tool 'delete_everything'/,
    );
  });
});

describe('no database yet', () => {
  test('read tools answer "call sync_conversations" until a sync creates it, then work', async () => {
    const dir = tempDir();
    const fake = await startFakeIntercom({ conversations: 10, seed: 3 });
    const config = testConfig(fake, path.join(dir, 'nested', 'data.db'));
    const connected = await connect({ config });
    try {
      for (const [tool, args] of READ_CALLS) {
        const reason = failure(await call(connected.client, tool, args));
        assert.equal(
          reason,
          `No database yet at ${config.dbPath}: call sync_conversations to make it (it syncs in the background; follow it with get_sync_status), or ask the user to run fic sync.`,
        );
      }
      assert.equal(fs.existsSync(config.dbPath), false, 'a read never creates the database');
      const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
      assert.equal(status.database, null);
      assert.match(status.message, /No conversations synced yet.*sync_conversations/);

      await runSync(config, { mode: 'full' });
      const recent = structured<GetRecentConversationsOutput>(
        await call(connected.client, 'get_recent_conversations'),
      );
      assert.equal(recent.conversations.length, 10);
    } finally {
      await connected.close();
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a database with the schema but no conversations says so', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'data.db');
    await (await openDatabase(dbPath)).close();
    const connected = await connect({ config: testConfig(undefined, dbPath) });
    try {
      for (const [tool, args] of READ_CALLS) {
        // What the model can do (its sync tool) and what the user can: never a shell command alone.
        assert.match(
          failure(await call(connected.client, tool, args)),
          /call sync_conversations \(or ask the user to run fic sync\)/,
          tool,
        );
      }
      const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
      assert.equal(status.database!.empty, true);
      assert.match(status.message, /INTERCOM_ACCESS_TOKEN/);
      assert.match(failure(await call(connected.client, 'sync_conversations')), /INTERCOM_ACCESS_TOKEN/);
    } finally {
      await connected.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unexpected failure is "Internal error" for the client and a stack trace in the log', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'data.db');
    fs.writeFileSync(dbPath, '');
    const connected = await connect({
      config: testConfig(undefined, dbPath),
      openDatabase: () => Promise.reject(new Error('disk on fire')),
    });
    try {
      assert.equal(
        failure(await call(connected.client, 'get_recent_conversations')),
        'Internal error: disk on fire',
      );
      assert.ok(connected.logs.some((line) => line.includes('disk on fire') && /\n\s+at /.test(line)));
    } finally {
      await connected.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
