import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createSharedParts, registerAllTools } from '../src/create-server.js';
import type { ToolContext } from '../src/tool-context.js';
import { maxToolInputElements, ToolRegistry } from '../src/tool-registry.js';
import { IntercomLinks } from '../src/intercom-reference.js';
import { call, connect, failure, seedWorkspace } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';

/**
 * ToolRegistry.takeOverCalls replaces the SDK's tools/list and tools/call handlers. These tests hold the
 * replacement to what it replaces: the same tools/list, the same checks, and a fingerprint of the SDK
 * code it was written against.
 */

/** sha256 of McpServer's tool handlers and argument/output validation in the reviewed SDK (1.32.2). */
const REVIEWED_SDK_TOOL_HANDLERS = '18e46f20a5b503afd77720ddfc64d1cfb7356bfb5373bb6ed97782d7da6adcb5';

function sdkToolHandlersFingerprint(): string {
  const source = fs.readFileSync(
    fileURLToPath(import.meta.resolve('@modelcontextprotocol/sdk/server/mcp.js')),
    'utf8',
  );
  const slice = (from: string, to: string): string => {
    const start = source.indexOf(from);
    const end = source.indexOf(to, start);
    assert.ok(start >= 0 && end > start, `the SDK no longer has ${from}: review ToolRegistry.takeOverCalls`);
    return source.slice(start, end);
  };
  const text =
    slice('setToolRequestHandlers() {', 'createToolError(errorMessage)') +
    slice('async validateToolInput(', 'async executeToolHandler(');
  return crypto.createHash('sha256').update(text).digest('hex');
}

describe("the registry's own tools/list and tools/call", () => {
  let workspace: SeededWorkspace;
  let connected: Connected;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 20 });
    connected = await connect({ config: workspace.config });
  });
  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('the SDK handlers it replaces are the ones it was written against', () => {
    assert.equal(
      sdkToolHandlersFingerprint(),
      REVIEWED_SDK_TOOL_HANDLERS,
      "The SDK's tools/list or tools/call handling changed: compare it with ToolRegistry.takeOverCalls " +
        '(checks, task support, error results), port what it gained, then update the fingerprint.',
    );
  });

  test("tools/list is exactly what the SDK's own handler lists", async () => {
    const server = new McpServer({ name: 'sdk-listing', version: '0' });
    const shared = createSharedParts({ config: workspace.config, logger: () => undefined });
    const context: ToolContext = {
      config: workspace.config,
      ...shared,
      server,
      logger: () => undefined,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      links: () => Promise.resolve(new IntercomLinks(null)),
    };
    // Registered the same way, but the SDK keeps answering tools/list.
    registerAllTools(
      new ToolRegistry(
        server,
        () => undefined,
        () => Promise.resolve({ data_age_seconds: null, last_sync_status: null }),
      ),
      context,
    );
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new Client({ name: 'sdk-listing', version: '0' });
    await client.connect(clientTransport);
    try {
      const fromSdk = await client.listTools();
      const ours = await connected.client.listTools();
      assert.equal(ours.tools.length, 12);
      // As a client receives them (JSON): the SDK's list holds `_meta: undefined`, which JSON drops.
      assert.deepEqual(JSON.parse(JSON.stringify(ours)), JSON.parse(JSON.stringify(fromSdk)));
    } finally {
      await client.close();
      await server.close();
      await shared.database.close();
    }
  });

  test('arguments are bounded in size, as the SDK bounds them with maxToolInputElements', async () => {
    const words = Array.from({ length: maxToolInputElements + 1 }, (_, index) => `w${index}`);
    const reason = failure(await call(connected.client, 'search_contacts', { query: 'a', extra: words }));
    assert.match(reason, new RegExp(`more than ${maxToolInputElements} values`));
    // Under the bound, the arguments reach the tool's own validation (a strict object: one line).
    assert.match(
      failure(await call(connected.client, 'search_contacts', { query: 'a', extra: ['x'] })),
      /^Invalid arguments for search_contacts: Unrecognized key: "extra"$/,
    );
    assert.match(failure(await call(connected.client, 'no_such_tool')), /^Unknown tool 'no_such_tool'/);
  });
});
