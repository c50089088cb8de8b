import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { McpInstallResult } from '../../src/commands/mcp/install.js';
import type { McpServerEntry } from '../../src/mcp-client-config.js';
import { repoRoot, runFic, runFicJson, tempDir } from '../fic-process.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

const TOKEN = 'tok_' + 'z'.repeat(40);

/** A home directory where fic init has stored the token (and FASTINTERCOM_CONFIG_PATH is not set). */
function homeWithStoredToken(): string {
  const home = tempDir('fic-home-');
  fs.mkdirSync(path.join(home, '.fastintercom'), { mode: 0o700 });
  fs.writeFileSync(path.join(home, '.fastintercom', 'config.json'), JSON.stringify({ accessToken: TOKEN }), {
    mode: 0o600,
  });
  return home;
}

function readJson(file: string): Record<string, Record<string, McpServerEntry>> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, McpServerEntry>>;
}

describe('fic mcp install', () => {
  let seeded: SeededDatabase;

  before(async () => {
    seeded = await seedDatabase({ conversations: 20 });
  });
  after(() => seeded.fake.close());

  test('writes a Cursor entry that starts this fic-mcp, 0600 in a new directory, without the token', async () => {
    const home = homeWithStoredToken();
    const run = await runFicJson<McpInstallResult>(
      ['mcp', 'install', '--client', 'cursor', '--db', seeded.dbPath],
      {
        env: { HOME: home, INTERCOM_ACCESS_TOKEN: TOKEN, FASTINTERCOM_REGION: 'eu' },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const file = path.join(home, '.cursor', 'mcp.json');
    assert.equal(run.json.path, file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /zzzz/, 'the token is not written');
    assert.doesNotMatch(run.stdout, /zzzz/, 'nor printed');
    const entry = readJson(file).mcpServers!.fastintercom!;
    assert.deepEqual(entry, {
      command: process.execPath,
      args: [path.join(repoRoot, 'bin', 'fic-mcp')],
      env: { FASTINTERCOM_REGION: 'eu', FASTINTERCOM_DB_PATH: seeded.dbPath },
    });

    // The entry works as a client runs it: its command, args and env (with HOME, where the token is).
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args,
      env: { ...entry.env, HOME: home, PATH: '/usr/bin:/bin', FASTINTERCOM_BACKGROUND_SYNC_ENABLED: 'false' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'mcp-install-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'search_conversations'));
      const reply = await client.callTool({ name: 'get_recent_conversations', arguments: { limit: 2 } });
      assert.equal((reply.structuredContent as { conversations: unknown[] }).conversations.length, 2);
    } finally {
      await client.close();
    }
  });

  test('merges into an existing file: other keys and servers kept, its mode kept, ours replaced', async () => {
    const home = homeWithStoredToken();
    const file = path.join(home, '.config', 'Claude', 'claude_desktop_config.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const before = {
      theme: 'dark',
      mcpServers: {
        other: { command: 'other-server', args: ['--x'] },
        fastintercom: { command: 'old', args: [] },
      },
    };
    fs.writeFileSync(file, JSON.stringify(before));
    fs.chmodSync(file, 0o644);
    const run = await runFicJson<McpInstallResult>(['mcp', 'install', '--client', 'claude-desktop'], {
      env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.replaced, true);
    assert.equal(fs.statSync(file).mode & 0o777, 0o644, 'an existing file keeps its mode');
    const after = readJson(file) as unknown as typeof before;
    assert.equal(after.theme, 'dark');
    assert.deepEqual(after.mcpServers.other, before.mcpServers.other);
    assert.deepEqual(after.mcpServers.fastintercom, {
      command: process.execPath,
      args: [path.join(repoRoot, 'bin', 'fic-mcp')],
    });
  });

  test('a symlinked config stays a link; VS Code gets "servers" with the stdio type', async () => {
    const home = homeWithStoredToken();
    const dotfiles = tempDir('fic-dotfiles-');
    const real = path.join(dotfiles, 'mcp.json');
    fs.writeFileSync(real, '{"servers": {"x": {"type": "stdio", "command": "x", "args": []}}}\n');
    const link = path.join(home, '.config', 'Code', 'User', 'mcp.json');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(real, link);
    const run = await runFic(['mcp', 'install', '--client', 'vscode'], {
      env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    const servers = readJson(real).servers!;
    assert.deepEqual(Object.keys(servers).sort(), ['fastintercom', 'x']);
    assert.equal(servers.fastintercom!.type, 'stdio');
  });

  test('a file that is not plain JSON is refused and left byte for byte', async () => {
    const home = homeWithStoredToken();
    const file = path.join(home, '.claude.json');
    const text = '{\n  // my servers\n  "mcpServers": {}\n}\n';
    fs.writeFileSync(file, text);
    const run = await runFic(['mcp', 'install', '--client', 'claude-code'], { env: { HOME: home } });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /not a plain JSON object.*--print/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  test('--print changes nothing; without a stored token it says to run fic init', async () => {
    const home = tempDir('fic-home-');
    const run = await runFic(['mcp', 'install', '--client', 'claude-code', '--print'], {
      env: { HOME: home, INTERCOM_ACCESS_TOKEN: TOKEN },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(home), []);
    assert.match(run.stdout, /"mcpServers"/);
    assert.match(run.stdout, /claude mcp add-json --scope user fastintercom '\{"type":"stdio"/);
    assert.match(run.stdout, /The token comes from this shell's environment.*init to store it/);
    assert.doesNotMatch(run.stdout, /zzzz/);
  });

  test('an unknown client is a usage error naming the choices', async () => {
    const run = await runFic(['mcp', 'install', '--client', 'emacs']);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr.replace(/\s+›\s+/g, ' '),
      /one of: claude-code, claude-desktop,\s+cursor, vscode/,
    );
  });
});
