/**
 * How long the server takes to answer tools/list: the SDK's own handler (which converts every zod
 * schema to JSON Schema on each request: "before") against ToolRegistry's list built once ("after").
 * Run: npx tsx packages/mcp/scripts/measure-tools-list.ts [calls]
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveConfig } from '@fastintercom/core';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { createServer, createSharedParts, registerAllTools } from '../src/create-server.js';
import { IntercomLinks } from '../src/intercom-reference.js';
import { ToolRegistry } from '../src/tool-registry.js';

const calls = Number(process.argv[2] ?? 200);
const quiet = (): void => undefined;
const { config } = resolveConfig({
  env: {
    FASTINTERCOM_DB_PATH: path.join(os.tmpdir(), 'fic-measure-tools-list.db'),
    FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false',
  },
});

/**
 * Raw JSON-RPC over the in-memory transport, no Client: the Client compiles a validator for every output
 * schema on each listTools (~0.2 s for 12 tools), which would hide the server's share.
 */
async function measure(label: string, server: McpServer): Promise<void> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  let answered: ((message: JSONRPCMessage) => void) | undefined;
  clientTransport.onmessage = (message) => answered?.(message);
  await clientTransport.start();
  let id = 0;
  const request = (method: string, params: Record<string, unknown> = {}): Promise<JSONRPCMessage> =>
    new Promise((resolve) => {
      answered = resolve;
      void clientTransport.send({ jsonrpc: '2.0', id: ++id, method, params });
    });
  await request('initialize', {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'measure', version: '0' },
  });
  const firstStart = performance.now();
  const answer = (await request('tools/list')) as unknown as { result: { tools: unknown[] } };
  const first = performance.now() - firstStart;
  const start = performance.now();
  for (let index = 0; index < calls; index++) await request('tools/list');
  const each = (performance.now() - start) / calls;
  console.log(
    `${label}: ${answer.result.tools.length} tools, first call ${first.toFixed(2)} ms, then ${each.toFixed(3)} ms a call (${calls} calls)`,
  );
  await server.close();
}

// Before: the same tools, registered the same way, listed by the SDK's handler.
const sdkServer = new McpServer({ name: 'sdk', version: '0' });
const shared = createSharedParts({ config, logger: quiet });
registerAllTools(
  new ToolRegistry(sdkServer, quiet, () =>
    Promise.resolve({ data_age_seconds: null, last_sync_status: null }),
  ),
  {
    config,
    ...shared,
    server: sdkServer,
    logger: quiet,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    links: () => Promise.resolve(new IntercomLinks(null)),
  },
);
await measure("before (the SDK's tools/list)", sdkServer);
await shared.database.close();

// After: createServer, whose registry answers tools/list from the list it built once.
const ours = createServer({ config, logger: quiet });
await measure('after (built once)', ours.server);
await ours.cleanup();
