import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPersonalToken, openDatabase, runSync } from '@fastintercom/core';
import type { FicConfig } from '@fastintercom/core';
import { resolveConfig } from '@fastintercom/core/read';
import { startFakeIntercom, webhookSignature } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ReadResourceResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { TokenCreateResult } from '../packages/cli/src/commands/token/create.js';
import type { TokenListEntry } from '../packages/cli/src/commands/token/list.js';
import { runFic, runFicJson, startFic, tempDir } from '../packages/cli/test/fic-process.js';
import type { FicRun } from '../packages/cli/test/fic-process.js';

/**
 * `fic serve` as a team runs it: a real process on a loopback port, the SDK's Streamable HTTP client,
 * personal tokens made and revoked with `fic token`, webhooks the fake Intercom signs and sends.
 */

const WEBHOOK_SECRET = 'test-client-secret';

interface Serving {
  child: ChildProcess;
  result: Promise<FicRun>;
  base: string;
  stderr: () => string;
}

/** Starts `fic serve --port 0` and resolves with the URL it reports on stderr. */
async function startServe(env: Record<string, string>, args: string[] = []): Promise<Serving> {
  const { child, result } = startFic(['serve', '--port', '0', ...args], { env, timeoutMs: 600_000 });
  let stderr = '';
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match !== null) {
        child.stderr?.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stderr?.on('data', onData);
    void result.then((run) => reject(new Error(`fic serve ended before listening: ${run.stderr}`)));
  });
  return { child, result, base, stderr: () => stderr };
}

async function connect(base: string, token: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'fic-serve-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), {
    requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } },
  });
  await client.connect(transport);
  return client;
}

async function connectError(
  base: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<number> {
  try {
    const client = await connect(base, token, headers);
    await client.close();
  } catch (error) {
    assert.ok(error instanceof StreamableHTTPError, `a transport error, not ${String(error)}`);
    return error.code ?? 0;
  }
  assert.fail('the connection was accepted');
}

function structured<T>(result: unknown): T {
  const value = result as { structuredContent?: T; isError?: boolean; content?: { text?: string }[] };
  assert.notEqual(value.isError, true, value.content?.[0]?.text);
  return value.structuredContent!;
}

/** Polls (a bounded number of times) until `check` holds. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`never: ${what}`);
}

describe('fic serve: a real process over Streamable HTTP', () => {
  let fake: FakeIntercom;
  let env: Record<string, string>;
  let dbPath: string;
  let config: FicConfig;
  let serving: Serving;
  let readToken: string;
  let syncToken: string;

  before(async () => {
    fake = await startFakeIntercom({ conversations: 120, rateLimitPerMinute: 0 });
    dbPath = path.join(tempDir('fic-serve-'), 'fic.db');
    env = {
      INTERCOM_ACCESS_TOKEN: fake.token,
      FASTINTERCOM_API_URL: fake.url,
      FASTINTERCOM_DB_PATH: dbPath,
      FASTINTERCOM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    config = resolveConfig({ env, file: {} }).config;
    await runSync(config, { mode: 'incremental' });
    const read = await runFicJson<TokenCreateResult>(['token', 'create', '--name', 'alice'], { env });
    assert.equal(read.code, 0, read.stderr);
    readToken = read.json.token;
    const sync = await runFicJson<TokenCreateResult>(['token', 'create', '--name', 'ci', '--scope', 'sync'], {
      env,
    });
    assert.equal(sync.code, 0, sync.stderr);
    syncToken = sync.json.token;
    serving = await startServe(env);
    fake.setWebhook({ url: `${serving.base}/webhooks/intercom`, secret: WEBHOOK_SECRET });
  });

  after(async () => {
    if (serving.child.exitCode === null) serving.child.kill('SIGKILL');
    await serving.result;
    await fake.close();
  });

  test('the database keeps hashes only; fic token list shows names and scopes, never a token', async () => {
    const raw = fs.readFileSync(dbPath);
    assert.equal(raw.includes(readToken), false);
    assert.equal(raw.includes(readToken.slice(4, 30)), false);
    const list = await runFicJson<TokenListEntry[]>(['token', 'list'], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      list.json.map((entry) => [entry.name, entry.scope, entry.status]),
      [
        ['alice', 'read', 'active'],
        ['ci', 'sync', 'active'],
      ],
    );
    assert.equal(list.stdout.includes('fic_'), false);
  });

  test('it says where it listens, and that it is this machine only', () => {
    assert.match(serving.stderr(), /Listening on http:\/\/127\.0\.0\.1:\d+ \(this machine only\)/);
    assert.equal(serving.stderr().includes(readToken), false);
  });

  test('/healthz and /readyz answer JSON with the data age', async () => {
    const health = await fetch(`${serving.base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${serving.base}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ready');
    assert.equal(body.conversations, 120);
    assert.equal(typeof body.dataAgeSeconds, 'number');
    assert.deepEqual(body.lastSync && (body.lastSync as { status: string }).status, 'succeeded');
  });

  test('no token: 401 naming the protected resource metadata, which describes the resource', async () => {
    const response = await fetch(`${serving.base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(response.status, 401);
    const header = response.headers.get('www-authenticate') ?? '';
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(header)?.[1];
    assert.equal(metadataUrl, `${serving.base}/.well-known/oauth-protected-resource/mcp`);
    const metadata = (await (await fetch(metadataUrl)).json()) as Record<string, unknown>;
    assert.equal(metadata.resource, `${serving.base}/mcp`);
    assert.deepEqual(metadata.scopes_supported, ['fic:read', 'fic:sync']);
    assert.equal(await connectError(serving.base, 'fic_not-a-real-token'), 401);
  });

  test('a good token: the tools and the transcript resource work through the SDK client', async () => {
    const client = await connect(serving.base, readToken);
    try {
      const tools = await client.listTools();
      const names = tools.tools.map((tool) => tool.name);
      for (const name of [
        'search_conversations',
        'get_conversation',
        'get_sync_status',
        'sync_conversations',
      ])
        assert.ok(names.includes(name), name);
      const recent = structured<{ conversations: { id: string }[] }>(
        await client.callTool({ name: 'get_recent_conversations', arguments: { limit: 3 } }),
      );
      assert.equal(recent.conversations.length, 3);
      const id = recent.conversations[0]!.id;
      const resource = await client.request(
        { method: 'resources/read', params: { uri: `intercom://conversation/${id}` } },
        ReadResourceResultSchema,
      );
      const text = (resource.contents[0] as { text?: string }).text ?? '';
      assert.ok(text.includes(id), 'the transcript names its conversation');
    } finally {
      await client.close();
    }
  });

  test('a read token may not start a sync (403 insufficient_scope); a sync token may', async () => {
    const reader = await connect(serving.base, readToken);
    try {
      await assert.rejects(
        reader.callTool({ name: 'sync_conversations', arguments: {} }),
        (error: unknown) => error instanceof StreamableHTTPError && error.code === 403,
      );
    } finally {
      await reader.close();
    }
    const syncer = await connect(serving.base, syncToken);
    try {
      const started = await syncer.callTool({ name: 'sync_conversations', arguments: {} });
      assert.notEqual((started as { isError?: boolean }).isError, true, JSON.stringify(started));
      // It runs in the server's sync worker thread, to the end.
      await eventually('the sync ends', () =>
        Promise.resolve(
          /Sync job \S+ \(tool, incremental\) (succeeded|failed|partial)/.test(serving.stderr()),
        ),
      );
      assert.match(serving.stderr(), /Sync job \S+ \(tool, incremental\) succeeded/);
    } finally {
      await syncer.close();
    }
  });

  test('a bad Origin is refused with 403 before anything else', async () => {
    assert.equal(await connectError(serving.base, readToken, { Origin: 'https://evil.example' }), 403);
  });

  test('an expired token and a revoked one are refused with 401', async () => {
    const database = await openDatabase(dbPath);
    const now = Math.floor(Date.now() / 1000);
    const expired = createPersonalToken(database, {
      name: 'old',
      scope: 'read',
      expiresAt: now - 60,
      now: now - 3600,
    });
    await database.close();
    assert.equal(await connectError(serving.base, expired.token), 401);

    const bob = await runFicJson<TokenCreateResult>(['token', 'create', '--name', 'bob'], { env });
    const client = await connect(serving.base, bob.json.token);
    await client.close();
    const revoke = await runFic(['token', 'revoke', 'bob'], { env });
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.equal(await connectError(serving.base, bob.json.token), 401);
    const unknown = await runFic(['token', 'revoke', 'nobody'], { env });
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /No token named nobody/);
  });

  test('a webhook from the fake refreshes the conversation it names within seconds', async () => {
    const client = await connect(serving.base, readToken);
    try {
      const changed = fake.advance({ replies: 1 });
      const id = changed.updated[0]!;
      const truth = fake.truth().conversations.find((conversation) => conversation.id === id)!;
      await fake.webhooksSettled();
      assert.equal(fake.webhookDeliveries().at(-1)?.status, 200);
      await eventually(`conversation ${id} refreshed`, async () => {
        const answer = structured<{ updated_at_unix: number }>(
          await client.callTool({ name: 'get_conversation', arguments: { conversation_id: id } }),
        );
        return answer.updated_at_unix === truth.updated_at;
      });
      // The refresh, not a sync, brought it.
      assert.match(serving.stderr(), /Webhook refresh: 1 conversation\(s\)/);
    } finally {
      await client.close();
    }
  });

  test('webhooks: unsigned, wrongly signed, stale and replayed deliveries are refused', async () => {
    const url = `${serving.base}/webhooks/intercom`;
    const delivery = fake.webhookDeliveries()[0]!;
    const post = (body: string, signature?: string): Promise<Response> =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-hub-signature': signature } : {}),
        },
        body,
      });
    assert.equal((await post(delivery.body)).status, 401);
    assert.equal((await post(delivery.body, webhookSignature(delivery.body, 'another-secret'))).status, 401);
    assert.equal((await post(delivery.body, delivery.signature)).status, 409);
    const stale = JSON.stringify({
      ...JSON.parse(delivery.body),
      id: 'notif_stale',
      created_at: 1_000_000_000,
    });
    assert.equal((await post(stale, webhookSignature(stale, WEBHOOK_SECRET))).status, 400);
    assert.match(serving.stderr(), /Webhook rejected \(409 replayed\)/);
  });

  test('the audit log names who called which tool, never the arguments', () => {
    const lines = serving
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('[fic-serve audit] '))
      .map((line) => JSON.parse(line.slice('[fic-serve audit] '.length)) as Record<string, unknown>);
    const call = lines.find((line) => line.target === 'get_recent_conversations');
    assert.ok(call, 'the tool call is audited');
    assert.equal(call.who, 'token:alice');
    assert.equal(call.status, 200);
    assert.equal(typeof call.durationMs, 'number');
    assert.ok((call.responseBytes as number) > 0);
    assert.equal('arguments' in call, false);
    const read = lines.find((line) => line.request === 'POST resources/read');
    assert.equal(read?.target, 'intercom://conversation/{id}');
  });

  test('SIGTERM stops it cleanly', async () => {
    serving.child.kill('SIGTERM');
    const run = await serving.result;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Stopping \(SIGTERM\)/);
  });
});
