import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import { cleanEnv, repoRoot, tempDir } from '../../packages/cli/test/fic-process.js';

/**
 * The package as a user gets it: `npm pack`, `npm install -g` into a fresh prefix (npm fetches the
 * dependencies from the registry and compiles better-sqlite3, a few minutes), then the installed
 * fic, fic-mcp and fastintercom (what `npx -y fastintercom` runs). Not part of `npm test`: it is
 * `npm run test:install`, its own step in .ci/run. Skipped only when the npm registry is unreachable.
 */

const execFileAsync = promisify(execFile);
const rootPackage = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync('npm', args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
  return stdout;
}

function registryReachable(): boolean {
  return spawnSync('npm', ['ping'], { encoding: 'utf8' }).status === 0;
}

const reachable = registryReachable();

describe('the installed package', { skip: reachable ? false : 'the npm registry is unreachable' }, () => {
  let work: string;
  let prefix: string;
  let bin: (name: string) => string;
  let tarball: string;
  let env: NodeJS.ProcessEnv;
  let fake: FakeIntercom;

  before(async () => {
    work = tempDir('fic-install-');
    const packed = JSON.parse(await npm(['pack', '--json', '--pack-destination', work], repoRoot)) as {
      filename: string;
    }[];
    tarball = path.join(work, packed[0]!.filename);
    prefix = path.join(work, 'prefix');
    await npm(['install', '--global', '--prefix', prefix, '--no-audit', tarball], work);
    bin = (name) => path.join(prefix, 'bin', name);
    // A user's shell: the prefix's bin on PATH, node beside it; none of this repository's node_modules.
    env = cleanEnv({
      PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(
        path.delimiter,
      ),
    });
    fake = await startFakeIntercom({ conversations: 120, rateLimitPerMinute: 0 });
  });
  after(() => fake?.close());

  /** Runs a command asynchronously: the fake answering the sync lives in this process's event loop. */
  async function run(
    command: string,
    args: string[],
    cwd = work,
    extra: NodeJS.ProcessEnv = {},
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(command, args, {
        cwd,
        env: { ...env, ...extra },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number | string; stdout?: string; stderr?: string };
      return {
        status: typeof failed.code === 'number' ? failed.code : null,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? String(error),
      };
    }
  }

  test('the tarball holds built code and the manifest, no sources, no compiled native module', () => {
    const files = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    for (const name of ['cli', 'core', 'mcp', 'fake-intercom']) {
      assert.ok(files.includes(`package/node_modules/@fastintercom/${name}/dist/index.js`), name);
    }
    assert.ok(files.includes('package/node_modules/@fastintercom/cli/oclif.manifest.json'));
    assert.ok(files.includes('package/bin/fic') && files.includes('package/bin/fic-mcp'));
    assert.deepEqual(
      files.filter((file) => /\/(src|test)\/|\.ts$|\.map$|tsbuildinfo/.test(file) && !file.endsWith('.d.ts')),
      [],
    );
    assert.deepEqual(
      files.filter(
        (file) =>
          file.startsWith('package/node_modules/') && !file.startsWith('package/node_modules/@fastintercom/'),
      ),
      [],
      'libraries are installed by npm, not packed (better-sqlite3 is built for the machine)',
    );
    assert.ok(
      !fs.existsSync(path.join(repoRoot, 'packages', 'cli', 'oclif.manifest.json')),
      'postpack removed it',
    );
  });

  test('fic --version', async () => {
    const version = await run(bin('fic'), ['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, new RegExp(`/${rootPackage.version.replaceAll('.', '\\.')} `));
  });

  test('fic demo --conversations 300, and its hints work as printed', async () => {
    const cwd = tempDir('fic-installed-demo-');
    const demo = await run(bin('fic'), ['demo', '--conversations', '300'], cwd);
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /^Stored:\s+300 conversations, /m);
    const hints = demo.stdout
      .split('\nNext, try:\n')[1]!
      .split('\n')
      .filter((line) => line.startsWith('  '));
    assert.equal(hints.length, 3, demo.stdout);
    for (const hint of hints) {
      assert.match(hint, /^ {2}fic /, 'the prefix bin is on PATH, so hints say fic');
      const pasted = await run('/bin/sh', ['-c', hint.trim()], cwd);
      assert.equal(pasted.status, 0, `${hint}\n${pasted.stderr}`);
    }
  });

  test('fic sync against an Intercom API, then fic status', async () => {
    const dbPath = path.join(tempDir('fic-installed-sync-'), 'fic.db');
    const apiEnv = { INTERCOM_ACCESS_TOKEN: fake.token, FASTINTERCOM_API_URL: fake.url };
    const sync = await run(bin('fic'), ['sync', '--full', '--quiet', '--db', dbPath], work, apiEnv);
    assert.equal(sync.status, 0, sync.stderr);
    const status = await run(bin('fic'), ['status', '--json', '--db', dbPath]);
    assert.equal(status.status, 0, status.stderr);
    const json = JSON.parse(status.stdout) as { counts: { conversations: number } };
    assert.equal(json.counts.conversations, fake.truth().conversations.length);
  });

  for (const [name, args] of [
    ['fic-mcp', []],
    ['fastintercom', ['mcp']],
  ] as const) {
    test(`${[name, ...args].join(' ')} lists its tools to an MCP client`, async () => {
      const transport = new StdioClientTransport({
        command: bin(name),
        args: [...args],
        env: { ...(env as Record<string, string>), FASTINTERCOM_DB_PATH: path.join(work, 'none.db') },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'installed-package-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        for (const tool of ['search_conversations', 'get_conversation', 'get_sync_status']) {
          assert.ok(
            tools.some((listed) => listed.name === tool),
            tool,
          );
        }
      } finally {
        await client.close();
      }
    });
  }

  test('fic mcp install points the client at the installed fic-mcp', async () => {
    const home = tempDir('fic-installed-home-');
    const install = await run(bin('fic'), ['mcp', 'install', '--client', 'cursor', '--json'], work, {
      HOME: home,
    });
    assert.equal(install.status, 0, install.stderr);
    const entry = (JSON.parse(install.stdout) as { entry: { command: string; args: string[] } }).entry;
    assert.deepEqual(entry.args, [
      path.join(fs.realpathSync(prefix), 'lib', 'node_modules', 'fastintercom', 'bin', 'fic-mcp'),
    ]);
    assert.ok(fs.existsSync(entry.args[0]!));
  });
});
