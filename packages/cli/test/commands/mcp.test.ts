import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { RecentConversationsResult } from '@fastintercom/core';
import { cleanEnv, ficBin, runFicJson } from '../fic-process.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

describe('fic mcp', () => {
  let seeded: SeededDatabase;

  before(async () => {
    seeded = await seedDatabase({ conversations: 30 });
  });
  after(() => seeded.fake.close());

  test('serves the MCP tools on stdio for the database given with --db, nothing else on stdout', async () => {
    const env = cleanEnv({ FASTINTERCOM_CONFIG_PATH: path.join(seeded.dir, 'no-config.json') });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [ficBin, 'mcp', '--db', seeded.dbPath],
      env: env as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'fic-mcp-command-test', version: '1.0.0' });
    const errors: Error[] = [];
    // Anything on stdout that is not a protocol message surfaces here as a parse error.
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'search_conversations'));
      const reply = await client.callTool({ name: 'get_recent_conversations', arguments: { limit: 3 } });
      const served = (reply.structuredContent as { conversations: { id: string }[] }).conversations;
      const recent = await runFicJson<RecentConversationsResult>([
        'recent',
        '--db',
        seeded.dbPath,
        '--limit',
        '3',
      ]);
      assert.deepEqual(
        served.map((c) => c.id),
        recent.json.conversations.map((c) => c.id),
      );
      assert.deepEqual(errors, []);
    } finally {
      await client.close();
    }
  });
});
