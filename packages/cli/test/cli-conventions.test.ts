import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plural } from '../src/format/units.js';
import { runFic } from './fic-process.js';
import { seedDatabase } from './seeded-database.js';
import type { SeededDatabase } from './seeded-database.js';

// gh and oclif as the anchors: help in three spellings, "did you mean", tables that fit 80 columns.

describe('fic help', () => {
  test('fic help, fic -h and fic --help list the commands', async () => {
    for (const args of [['help'], ['-h'], ['--help']]) {
      const run = await runFic(args);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /^COMMANDS$/m, args.join(' '));
      assert.match(run.stdout, /^ {2}sync\s+Copy new and changed Intercom conversations/m, args.join(' '));
    }
  });

  test('fic help sync, fic sync -h and fic sync --help print the same help', async () => {
    const outputs = await Promise.all(
      [
        ['help', 'sync'],
        ['sync', '-h'],
        ['sync', '--help'],
      ].map((args) => runFic(args)),
    );
    for (const run of outputs) assert.equal(run.code, 0, run.stderr);
    assert.match(outputs[0]!.stdout, /^USAGE\n {2}\$ fic sync /m);
    assert.equal(outputs[1]!.stdout, outputs[0]!.stdout);
    assert.equal(outputs[2]!.stdout, outputs[0]!.stdout);
  });

  test('fic help of a topic command: fic help token create', async () => {
    const run = await runFic(['help', 'token', 'create']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\$ fic token create /);
  });
});

describe('did you mean', () => {
  test('a mistyped command names the closest ones and exits 2', async () => {
    const run = await runFic(['recnt']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'Error: recnt is not a fic command. Did you mean fic recent?\nRun fic help for the list of commands.\n',
    );
    const far = await runFic(['nosuchcommand']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /^Error: nosuchcommand is not a fic command\.\n/);
  });

  test('a mistyped flag names the flag meant, with the usage', async () => {
    const run = await runFic(['recent', '--lmit', '3']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Nonexistent flag: --lmit\. Did you mean --limit\?/);
    assert.match(run.stderr, /USAGE\n {2}\$ fic recent /);
  });
});

describe('tables', () => {
  let seeded: SeededDatabase;
  before(async () => {
    seeded = await seedDatabase();
  });
  after(() => seeded.fake.close());

  test('recent, customer, team and tickets fit 80 columns when piped, cutting text with …', async () => {
    const email = 'haruto.johnson68@hooli.com';
    const db = ['--db', seeded.dbPath];
    let cut = 0;
    for (const args of [
      ['recent', '-n', '50'],
      ['customer', email, '--since', '3650d'],
      ['team'],
      ['team', '--by', 'team'],
      ['tickets'],
    ]) {
      const run = await runFic([...args, ...db]);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      for (const line of run.stdout.split('\n')) {
        assert.ok([...line].length <= 80, `fic ${args.join(' ')}: ${[...line].length} columns: ${line}`);
      }
      cut += run.stdout.split('…').length - 1;
    }
    assert.ok(cut > 0, 'some text was too wide and was cut');
  });
});

test('counts agree with their noun', () => {
  assert.equal(plural(1, 'conversation'), '1 conversation');
  assert.equal(plural(0, 'conversation'), '0 conversations');
  assert.equal(plural(2062, 'part'), '2,062 parts');
});
