/* eslint-disable @typescript-eslint/no-unsafe-call -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { api } from './fake-client.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');

/** Runs src/cli.ts through tsx (as bin/fake-intercom runs dist/cli.js) and waits for its first line. */
async function startCli(args: string[]): Promise<{ url: string; child: ReturnType<typeof spawn> }> {
  const script = `import { main } from ${JSON.stringify(CLI)}; await main(process.argv.slice(1));`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [first = ''] = (await once(lines, 'line')) as string[];
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first)?.[0];
  assert.ok(url !== undefined, `first line names the URL: ${first}`);
  return { url, child };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`the binary serves the workspace and exits cleanly on ${signal}`, async () => {
    const { url, child } = await startCli([
      '--port',
      '0',
      '--conversations',
      '50',
      '--seed',
      '3',
      '--token',
      't0k',
      '--rate-limit-per-minute',
      '600',
    ]);
    const response = await api({ url, token: 't0k' }, '/conversations?per_page=5');
    assert.equal(response.status, 200);
    assert.equal(response.body.total_count, 50);
    assert.equal(response.headers.get('x-ratelimit-limit'), '600');
    child.kill(signal);
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
}

test('the binary rejects unknown flags with usage and exit code 2', async () => {
  const script = `import { main } from ${JSON.stringify(CLI)}; await main(process.argv.slice(1));`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, '--', '--bogus'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2);
  assert.match(stderr, /Usage: fake-intercom/);
});

test('--realistic, --search-index-lag and --missing-permissions reach the fake', async () => {
  const { url, child } = await startCli([
    '--conversations',
    '40',
    '--realistic',
    '--search-index-lag',
    '0',
    '--missing-permissions',
    'tags, admins',
  ]);
  try {
    const fake = { url, token: 'fake-token' };
    assert.equal((await api(fake, '/tags')).status, 401);
    assert.equal((await api(fake, '/admins')).status, 401);
    assert.equal((await api(fake, '/me')).status, 200);
    const truth = (await api(fake, '/_fake/truth')).body;
    const conversation = truth.conversations.find(
      (c: { count_conversation_parts: number | null }) => c.count_conversation_parts !== null,
    );
    assert.equal(conversation.count_conversation_parts, conversation.parts_total_count + 1, 'realistic');
    // No lag: a new conversation is searchable at once, though realistic.
    const { created } = (await api(fake, '/_fake/advance', { body: { newConversations: 1 } })).body;
    const found = await api(fake, '/conversations/search', {
      body: { query: { field: 'id', operator: '=', value: created[0] } },
    });
    assert.equal(found.body.total_count, 1);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

test('the binary rejects an unknown permission name with exit code 1', async () => {
  const script = `import { main } from ${JSON.stringify(CLI)}; await main(process.argv.slice(1));`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, '--', '--missing-permissions', 'billing'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 1);
  assert.match(stderr, /Unknown permission "billing"/);
});
