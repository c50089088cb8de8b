import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPersonalToken, openDatabase } from '@fastintercom/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startServe } from '../../src/http/start-serve.js';
import type { RunningServe } from '../../src/http/start-serve.js';
import { seedWorkspace } from '../mcp-harness.js';
import type { SeededWorkspace } from '../mcp-harness.js';

/** The per-client request limit and the audit log file, on an in-process `fic serve`. */
describe('fic serve: request limit and audit log file', () => {
  let workspace: SeededWorkspace;
  let serve: RunningServe;
  let auditFile: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    workspace = await seedWorkspace({ conversations: 30 });
    const database = await openDatabase(workspace.dbPath);
    for (const name of ['alice', 'bob'])
      tokens[name] = createPersonalToken(database, {
        name,
        scope: 'read',
        now: Math.floor(Date.now() / 1000),
      }).token;
    await database.close();
    auditFile = path.join(workspace.dir, 'audit.log');
    serve = await startServe({
      config: workspace.config,
      port: 0,
      requestsPerMinute: 4,
      auditLog: auditFile,
      auditArguments: true,
      logger: () => undefined,
    });
  });

  after(async () => {
    await serve.close();
    await workspace.close();
  });

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'limit-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(serve.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  }

  test('past its limit a client gets 429; another client is not held up by it', async () => {
    // initialize, notifications/initialized and the client's GET stream count too: of four calls at
    // most one gets through, and the limit then answers 429.
    const alice = await connect(tokens.alice!);
    try {
      await alice.callTool({ name: 'get_recent_conversations', arguments: { limit: 2 } });
      let refused = 0;
      for (let call = 0; call < 4; call++) {
        try {
          await alice.callTool({ name: 'get_sync_status', arguments: {} });
        } catch (error) {
          assert.ok(error instanceof StreamableHTTPError && error.code === 429, String(error));
          refused += 1;
        }
      }
      assert.ok(refused >= 3, `${refused} of 4 refused`);
      const bob = await connect(tokens.bob!);
      const answer = await bob.callTool({ name: 'get_sync_status', arguments: {} });
      assert.notEqual(answer.isError, true);
      await bob.close();
    } finally {
      await alice.close().catch(() => undefined);
    }
  });

  test('the audit log is a 0600 file of JSON lines; --audit-arguments adds the arguments', async () => {
    // Lines are written when each answer completes.
    for (
      let attempt = 0;
      attempt < 200 && !fs.readFileSync(auditFile, 'utf8').includes('"status":429');
      attempt++
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(fs.statSync(auditFile).mode & 0o777, 0o600);
    const lines = fs
      .readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const recent = lines.find((line) => line.target === 'get_recent_conversations');
    assert.deepEqual(recent?.arguments, { limit: 2 });
    assert.equal(recent?.who, 'token:alice');
    assert.ok(lines.some((line) => line.status === 429 && line.who === 'token:alice'));
    const text = fs.readFileSync(auditFile, 'utf8');
    for (const token of Object.values(tokens))
      assert.equal(text.includes(token), false, 'no token in the log');
  });
});
