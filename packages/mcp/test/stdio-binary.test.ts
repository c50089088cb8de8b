import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { getConversation, openDatabase } from '@fastintercom/core';
import { ReadResourceResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { conversationMarkdown } from '../src/conversation-markdown.js';
import { TRANSCRIPT_PAGE_BYTES } from '../src/transcript-pages.js';
import { call, failure, rewriteConversation, seedWorkspace, structured, tempDir } from './mcp-harness.js';
import type { SeededWorkspace } from './mcp-harness.js';
import type { GetConversationOutput, GetRecentConversationsOutput } from '../src/index.js';

// Runs dist/ (npm test builds first; locally run `npx tsc -b`).
const binPath = fileURLToPath(new URL('../bin/fic-mcp.js', import.meta.url));

function serverEnv(dbPath: string, dir: string): Record<string, string> {
  // No token: no background sync and nothing to reach; no config file from the developer's home.
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    FASTINTERCOM_DB_PATH: dbPath,
    FASTINTERCOM_CONFIG_PATH: path.join(dir, 'no-config.json'),
  };
}

async function startClient(
  env: Record<string, string>,
): Promise<{ client: Client; errors: Error[]; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'fic-mcp-stdio-test', version: '1.0.0' });
  const errors: Error[] = [];
  // Anything on stdout that is not a protocol message surfaces here as a parse error.
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, errors, stderr: () => stderr };
}

/** Resolves once the server says it is connected (its signal and stdin handlers are in place). */
function ready(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    // Keeps reading stderr to the end: a closed pipe would fail the server's later log lines.
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('Ready:')) resolve();
    });
    child.once('exit', () => reject(new Error(`the server ended before it was ready: ${stderr}`)));
  });
}

describe('the fic-mcp binary over stdio', () => {
  let workspace: SeededWorkspace;

  before(async () => {
    assert.ok(fs.existsSync(path.join(path.dirname(binPath), '../dist/main.js')), 'build first: npx tsc -b');
    workspace = await seedWorkspace({ conversations: 20 });
  });

  after(async () => {
    await workspace.close();
  });

  test('lists the tools and answers calls, with nothing but protocol on stdout', async () => {
    const { client, errors, stderr } = await startClient(serverEnv(workspace.dbPath, workspace.dir));
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 12);
      const recent = structured<GetRecentConversationsOutput>(
        await call(client, 'get_recent_conversations', { limit: 3 }),
      );
      assert.equal(recent.conversations.length, 3);
      const detail = structured<GetConversationOutput>(
        await call(client, 'get_conversation', { conversation_id: recent.conversations[0]!.id }),
      );
      assert.equal(detail.id, recent.conversations[0]!.id);
      assert.match(
        failure(await call(client, 'get_conversation', { conversation_id: 'nope' })),
        /No conversation nope/,
      );
      assert.deepEqual(errors, []);
      assert.match(stderr(), /Ready: database/);
    } finally {
      await client.close();
    }
  });

  test('starts without a database and says how to get one', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'absent.db');
    const { client, errors } = await startClient(serverEnv(dbPath, dir));
    try {
      assert.equal((await client.listTools()).tools.length, 12);
      assert.match(
        failure(await call(client, 'search_conversations', { query: 'refund' })),
        /No database yet at .*run fic sync/,
      );
      assert.equal(fs.existsSync(dbPath), false);
      assert.deepEqual(errors, []);
    } finally {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('exits by itself when stdin closes, and on SIGTERM', async () => {
    const env = serverEnv(workspace.dbPath, workspace.dir);
    const closed = spawn(process.execPath, [binPath], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    await ready(closed);
    closed.stdin.end();
    const [code, signal] = (await once(closed, 'exit')) as [number | null, string | null];
    assert.deepEqual([code, signal], [0, null]);

    const signalled = spawn(process.execPath, [binPath], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    await ready(signalled);
    signalled.kill('SIGTERM');
    const [termCode] = (await once(signalled, 'exit')) as [number | null];
    assert.equal(termCode, 0);
  });

  test('a 20 MB transcript comes in pages the stdio client can take, each naming the next', async () => {
    const id = workspace.fake.truth().conversations[5]!.id;
    // 100 parts of 210 KB each: twice what the SDK's stdio client buffers in one message.
    const paragraph = `${'The export still fails for our whole team after the update. '.repeat(3_500)}\n`;
    await rewriteConversation(workspace.dbPath, id, (write) => {
      const template = write.parts[0]!;
      const parts = Array.from({ length: 100 }, (_, position) => ({
        ...template,
        id: `${id}-big-${position}`,
        position,
        body_text: `part ${position}: ${paragraph}`,
      }));
      return { ...write, parts, conversation: { ...write.conversation, parts_total_count: 100 } };
    });
    const database = await openDatabase(workspace.dbPath, { readonly: true });
    const expected = conversationMarkdown(getConversation(database, { id, maxParts: 500 }));
    await database.close();
    assert.ok(Buffer.byteLength(expected) > 20_000_000);

    const { client, errors } = await startClient(serverEnv(workspace.dbPath, workspace.dir));
    try {
      let uri: string | undefined = `intercom://conversation/${id}`;
      let joined = '';
      let pages = 0;
      while (uri !== undefined) {
        const read = ReadResourceResultSchema.parse(await client.readResource({ uri }));
        const content = read.contents[0];
        assert.ok(content !== undefined && 'text' in content);
        assert.equal(content.uri, uri);
        assert.ok(Buffer.byteLength(content.text) <= TRANSCRIPT_PAGE_BYTES, `page ${pages + 1} fits the cap`);
        pages += 1;
        const next = /\n\n---\n\*Page (\d+) of (\d+)\. Continued on page \d+: (\S+)\*\n$/.exec(content.text);
        const last = /\n\n---\n\*Page (\d+) of (\d+): the end of the transcript\.\*\n$/.exec(content.text);
        const footer = next ?? last;
        assert.ok(footer !== null, `page ${pages} ends saying where the next one is`);
        assert.equal(Number(footer[1]), pages);
        joined += content.text.slice(0, footer.index);
        uri = next?.[3];
      }
      assert.ok(pages >= 80, `${pages} pages`);
      assert.equal(joined, expected, 'the pages hold the whole transcript, in order');
      await assert.rejects(
        client.readResource({ uri: `intercom://conversation/${id}?page=${pages + 1}` }),
        new RegExp(`has ${pages} transcript pages: there is no page ${pages + 1}`),
      );
      assert.deepEqual(errors, []);
    } finally {
      await client.close();
    }
  });
});
