import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runFic, runFicJson, tempDir } from './fic-process.js';

const db = ['--db', path.join(tempDir(), 'never-opened.db')];

/** Every date flag of every command, each given a day no calendar has. */
const DATE_FLAGS: [string[], string][] = [
  [['sync', '--since', '2026-02-30'], '--since'],
  [['search', 'refund', '--since', '2026-02-30'], '--since'],
  [['search', 'refund', '--until', '2026-04-31T12:00:00Z'], '--until'],
  [['recent', '--since', '2026-02-30T10:00'], '--since'],
  [['recent', '--until', '2026-02-29'], '--until'],
  [['customer', 'ann@example.test', '--since', '2026-13-01'], '--since'],
  [['customer', 'ann@example.test', '--until', '2026-02-28T24:00'], '--until'],
  [['team', '--since', '2026-02-30'], '--since'],
  [['team', '--until', '2026-06-31'], '--until'],
];

describe('date flags', () => {
  test('a date no calendar has is a usage error naming the flag, on one line', async () => {
    for (const [args, flag] of DATE_FLAGS) {
      const run = await runFic([...args, ...db]);
      const what = args.join(' ');
      assert.equal(run.code, 2, `${what}: ${run.stderr}`);
      assert.match(
        run.stderr,
        new RegExp(`^Error: ${flag} .*${args.at(-1)!} is not a real date or time`),
        what,
      );
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${what}: ${run.stderr}`);
      assert.equal(run.stdout, '');
    }
  });

  test('with --json the error is the JSON object, exit 2', async () => {
    const run = await runFicJson<{ error: { code: string; message: string; exit_code: number } }>([
      'recent',
      '--since',
      '2026-02-30',
      ...db,
    ]);
    assert.equal(run.code, 2);
    assert.equal(run.json.error.code, 'invalid_input');
    assert.equal(run.json.error.exit_code, 2);
    assert.match(run.json.error.message, /^--since .*2026-02-30 is not a real date or time$/);
  });

  test('real dates, date-times and spans pass the flag check', async () => {
    for (const value of ['2028-02-29', '2026-01-31T12:00:00+02:00', '7d']) {
      const run = await runFic(['recent', '--since', value, ...db]);
      assert.equal(run.code, 1, `${value}: ${run.stderr}`);
      assert.match(run.stderr, /^Error: No database at /m, value);
    }
  });
});
