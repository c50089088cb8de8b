import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '@fastintercom/core';
import { sqliteOf } from '@fastintercom/core/internal';
import type { z } from 'zod';
import { commandJsonSchemas, jsonErrorJson } from '../src/json-schemas/command-json-schemas.js';
import { renderJsonDocs } from '../src/json-schemas/json-docs.js';
import { repoRoot, runFic, tempDir } from './fic-process.js';
import { seedDatabase } from './seeded-database.js';
import type { SeededDatabase } from './seeded-database.js';

// The --json contract (docs/json.md): every command's output, from a real bin/fic process against a
// database synced from the fake Intercom, parses with its schema; every failure is the one error object.

/** Commands with --json that this test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  bench: 'minutes of benchmarks; benchmarks/test/bench-quick.test.ts checks its --json',
  demo: 'a sync of its own into ./fic-demo.db; its result is the sync result',
};

function schemaFor(command: string): z.ZodType {
  const entry = commandJsonSchemas.find((item) => item.command === command);
  assert.ok(entry, `docs/json.md lists fic ${command}`);
  return entry.schema;
}

describe('the --json contract', () => {
  let seeded: SeededDatabase;
  let env: Record<string, string>;
  let db: string[];
  let ids: { conversation: string; email: string; ticket: string; company: string };

  before(async () => {
    seeded = await seedDatabase();
    const home = tempDir('fic-json-home-');
    env = { ...seeded.env, HOME: home, FASTINTERCOM_CONFIG_PATH: path.join(home, 'config.json') };
    db = ['--db', seeded.dbPath];
    const database = await openDatabase(seeded.dbPath, { readonly: true });
    const first = (sql: string): string =>
      String(Object.values(sqliteOf(database).prepare(sql).get() as object)[0]);
    ids = {
      conversation: first('SELECT id FROM conversations ORDER BY updated_at DESC LIMIT 1'),
      email: first(
        `SELECT c.email FROM contacts c JOIN conversation_contacts cc ON cc.contact_id = c.id
         WHERE c.email IS NOT NULL LIMIT 1`,
      ),
      ticket: first('SELECT id FROM tickets LIMIT 1'),
      company: first('SELECT id FROM companies LIMIT 1'),
    };
    await database.close();
  });
  after(() => seeded.fake.close());

  test('every command prints what its schema says, in snake_case', async () => {
    const runs: [string, string[]][] = [
      ['status', db],
      ['verify', db],
      ['recent', db],
      ['search', ['refund', ...db]],
      ['conversation', [ids.conversation, ...db]],
      ['customer', [ids.email, '--since', '3650d', ...db]],
      ['company', [ids.company, ...db]],
      ['team', db],
      ['tickets', db],
      ['ticket', [ids.ticket, ...db]],
      ['config', db],
      ['init', db],
      ['schedule', db],
      ['mcp install', ['--client', 'cursor', '--print']],
      ['token create', ['--name', 'contract', ...db]],
      ['token list', db],
      ['token revoke', ['contract', ...db]],
      ['sync', ['--since', '7d', ...db]],
      ['rebuild', db],
    ];
    assert.deepEqual(
      runs.map(([command]) => command).sort(),
      commandJsonSchemas.map(({ command }) => command).sort(),
      'every documented command is run here',
    );
    // Every mismatch of every command at once, so one run says all that drifted.
    const mismatches: string[] = [];
    for (const [command, args] of runs) {
      const run = await runFic([...command.split(' '), ...args, '--json'], { env });
      assert.equal(run.code, 0, `fic ${command}: ${run.stderr}`);
      const parsed = schemaFor(command).safeParse(JSON.parse(run.stdout));
      for (const issue of parsed.error?.issues ?? []) {
        mismatches.push(`fic ${command} --json: ${issue.path.join('.')}: ${issue.message}`);
      }
      assert.doesNotMatch(run.stdout, /"[a-z]+[A-Z]\w*":/, `fic ${command}: a camelCase key`);
    }
    assert.deepEqual(mismatches, []);
  });

  test('every command that takes --json is documented or named here with the reason it is not run', () => {
    const manifest = fs.readdirSync(path.join(repoRoot, 'packages/cli/src/commands'), { recursive: true });
    const commands = manifest
      .map(String)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, '').split(path.sep).join(' '))
      .filter((command) => {
        const source = fs.readFileSync(
          path.join(repoRoot, 'packages/cli/src/commands', `${command.split(' ').join('/')}.ts`),
          'utf8',
        );
        return source.includes('extends BaseCommand') && !source.includes('enableJsonFlag = false');
      });
    const covered = new Set([...commandJsonSchemas.map(({ command }) => command), ...Object.keys(NOT_RUN)]);
    assert.deepEqual(
      commands.filter((command) => !covered.has(command)),
      [],
    );
  });

  test('every failure is the one error object, exiting with its exit_code', async () => {
    const failures: [string[], string, number][] = [
      [['nosuchcommand'], 'unknown_command', 2],
      [['sync', '--nosuchflag'], 'invalid_input', 2],
      [['recent', '--limit', 'abc'], 'invalid_input', 2],
      [['conversation'], 'invalid_input', 2],
      [['recent', '--since', 'last tuesday'], 'invalid_input', 2],
      [['conversation', 'no-such-id', ...db], 'not_found', 1],
      [['status', '--db', path.join(tempDir(), 'none', 'missing.db'), '--check'], 'not_found', 1],
    ];
    for (const [args, code, exitCode] of failures) {
      const run = await runFic([...args, '--json'], { env });
      const what = `fic ${args.join(' ')} --json`;
      const parsed = jsonErrorJson.safeParse(JSON.parse(run.stdout));
      assert.ok(parsed.success, `${what}: ${run.stdout}`);
      assert.equal(parsed.data.error.code, code, what);
      assert.equal(parsed.data.error.exit_code, exitCode, what);
      assert.equal(run.code, exitCode, what);
      assert.ok(run.stdout.length < 2_000, `${what}: a small object, not oclif's internals`);
      assert.equal(run.stderr.trim().split('\n')[0], `Error: ${parsed.data.error.message}`, what);
    }
  });

  test('a mistyped flag names the flag meant', async () => {
    const run = await runFic(['recent', '--limt', '3', '--json'], { env });
    const { error } = jsonErrorJson.parse(JSON.parse(run.stdout));
    assert.match(error.message, /Nonexistent flag: --limt\. Did you mean --limit\?/);
    assert.deepEqual(error.details, { flags: ['--limt'], suggestions: { '--limt': ['--limit'] } });
  });

  test('docs/json.md is what npm run docs:json writes', () => {
    const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'json.md'), 'utf8');
    assert.equal(docs, renderJsonDocs(), 'docs/json.md is stale: run npm run docs:json');
  });
});
