import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationRepository, openDatabase, resolveConfig, runSync } from '@fastintercom/core';
import type { ConversationRow, ConversationWrite, FicConfig, PartRow } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, FakeIntercomOptions } from '@fastintercom/fake-intercom';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createServer } from '../src/index.js';
import type { ServerDeps } from '../src/index.js';
import { sqliteOf } from '@fastintercom/core/internal';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fic-mcp-test-'));
}

/** A config pointing at the fake, with the background schedule off unless asked for. */
export function testConfig(
  fake: FakeIntercom | undefined,
  dbPath: string,
  env: Record<string, string> = {},
): FicConfig {
  return resolveConfig({
    env: {
      ...(fake === undefined ? {} : { INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url }),
      FASTINTERCOM_DB_PATH: dbPath,
      FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false',
      ...env,
    },
  }).config;
}

export interface SeededWorkspace {
  fake: FakeIntercom;
  dir: string;
  dbPath: string;
  config: FicConfig;
  close(): Promise<void>;
}

/** A fake workspace and a database filled from it by core's real sync. */
export async function seedWorkspace(options: FakeIntercomOptions = {}): Promise<SeededWorkspace> {
  const fake = await startFakeIntercom({ conversations: 200, seed: 7, ...options });
  const dir = tempDir();
  const dbPath = path.join(dir, 'data.db');
  const config = testConfig(fake, dbPath);
  const result = await runSync(config, { mode: 'full' });
  assert.equal(result.status, 'succeeded');
  return {
    fake,
    dir,
    dbPath,
    config,
    close: async () => {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Connected {
  client: Client;
  server: McpServer;
  logs: string[];
  close(): Promise<void>;
}

/** A real Client talking to a real server over the in-memory transport pair. */
export async function connect(
  deps: Omit<ServerDeps, 'logger'>,
  clientOptions?: ClientOptions,
  prepare?: (client: Client) => void,
): Promise<Connected> {
  const logs: string[] = [];
  const { server, cleanup } = createServer({ ...deps, logger: (message) => logs.push(message) });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'fic-mcp-test', version: '1.0.0' }, clientOptions);
  prepare?.(client);
  await client.connect(clientTransport);
  // Listing caches the output schemas, so every later call is validated against them by the client.
  await client.listTools();
  return {
    client,
    server,
    logs,
    close: async () => {
      await client.close();
      await cleanup();
      await server.close();
    },
  };
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options?: RequestOptions,
): Promise<CallToolResult> {
  return CallToolResultSchema.parse(await client.callTool({ name, arguments: args }, undefined, options));
}

/** The structured answer of a successful call, checked to be the same JSON as its text content. */
export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  assert.notEqual(result.isError, true, `expected success, got: ${JSON.stringify(result.content)}`);
  const first = result.content[0];
  assert.equal(first?.type, 'text');
  assert.deepEqual(JSON.parse(first.text), result.structuredContent);
  return result.structuredContent as T;
}

/** The reason of a failed call: an isError result with one line of text and no stack trace. */
export function failure(result: CallToolResult): string {
  assert.equal(result.isError, true, `expected an error, got: ${JSON.stringify(result.structuredContent)}`);
  assert.equal(result.content.length, 1);
  const first = result.content[0];
  assert.equal(first?.type, 'text');
  assert.doesNotMatch(first.text, /\n/);
  assert.doesNotMatch(first.text, /\s+at .+:\d+:\d+/);
  return first.text;
}

/**
 * Polls until `check` returns a value (not undefined), 25 ms apart; fails after `attempts` polls. A count,
 * not a deadline: on a loaded machine each poll waits longer, and the condition still gets its turns.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  attempts = 2_000,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return assert.fail(`condition not reached in ${attempts} polls`);
}

/**
 * Rewrites one stored conversation through the sync's write path (ConversationRepository), as a sync
 * of the changed conversation would: `edit` gets its rows and returns the ones to write.
 */
export async function rewriteConversation(
  dbPath: string,
  id: string,
  edit: (write: ConversationWrite) => ConversationWrite,
): Promise<void> {
  const database = await openDatabase(dbPath);
  try {
    const sqlite = sqliteOf(database);
    const { row_id: _rowId, ...conversation } = sqlite
      .prepare('SELECT * FROM conversations WHERE id = ?')
      .get(id) as ConversationRow & { row_id: number };
    const write: ConversationWrite = {
      conversation,
      parts: sqlite
        .prepare('SELECT * FROM conversation_parts WHERE conversation_id = ? ORDER BY position')
        .all(id) as PartRow[],
      contacts: sqlite
        .prepare('SELECT contact_id, position FROM conversation_contacts WHERE conversation_id = ?')
        .all(id) as ConversationWrite['contacts'],
      tags: sqlite
        .prepare(
          `SELECT ct.tag_id, t.name, ct.applied_at
             FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ?`,
        )
        .all(id) as ConversationWrite['tags'],
      contactStubs: [],
    };
    new ConversationRepository(database).writeConversations([edit(write)]);
  } finally {
    await database.close();
  }
}
