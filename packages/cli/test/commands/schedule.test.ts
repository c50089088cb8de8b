import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import Schedule, { cronExpression } from '../../src/commands/schedule.js';
import { runFic, tempDir } from '../fic-process.js';
import { runCommand } from '../run-command.js';

process.env.FASTINTERCOM_CONFIG_PATH = path.join(tempDir(), 'config.json');
delete process.env.INTERCOM_ACCESS_TOKEN;

describe('fic schedule', () => {
  test('cron fields for minutes under an hour and whole hours that divide a day', () => {
    assert.equal(cronExpression(10), '*/10 * * * *');
    assert.equal(cronExpression(1), '*/1 * * * *');
    assert.equal(cronExpression(120), '0 */2 * * *');
    assert.equal(cronExpression(1440), '0 0 * * *');
    assert.throws(() => cronExpression(90), /cron cannot run every 90 minutes/);
    assert.throws(() => cronExpression(300), /cron cannot run every 300 minutes/);
  });

  test('prints a crontab line and systemd units for fic sync --quiet on the chosen database', async () => {
    const dbPath = path.join(tempDir(), 'support.db');
    const { result, stdout } = await runCommand(Schedule, ['--every', '15', '--db', dbPath, '--json']);
    assert.match(
      result.crontab,
      /^\*\/15 \* \* \* \* \S+ \S+fic\.js sync --quiet --db \S+support\.db >> \S+sync\.log 2>&1$/,
    );
    assert.equal(
      result.command.split(' ')[0],
      process.execPath,
      'cron has no PATH: node is named absolutely',
    );
    assert.match(result.systemd.service, /^ExecStart=.* sync --quiet --db .*support\.db$/m);
    assert.match(result.systemd.timer, /^OnUnitActiveSec=15min$/m);
    assert.match(result.notes.join('\n'), /No Intercom token is configured: run `fic init`/);
    assert.deepEqual(JSON.parse(stdout), result);
  });

  test('without --db the schedule uses the configured default and the sync interval setting', async () => {
    const run = await runFic(['schedule'], {
      env: { FASTINTERCOM_SYNC_INTERVAL_MINUTES: '30', INTERCOM_ACCESS_TOKEN: 'x'.repeat(40) },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^\*\/30 \* \* \* \* .* sync --quiet >> /m);
    assert.doesNotMatch(run.stdout, /--db/);
    assert.match(run.stdout, /The token comes from the environment, which cron and systemd do not see/);
    assert.doesNotMatch(run.stdout, /xxxx/, 'the token is never printed');
  });

  test('a % in the command is escaped for cron (\\%) and for systemd (%%)', async () => {
    const dbPath = path.join(tempDir(), '100%', 'support%d.db');
    const { result } = await runCommand(Schedule, ['--db', dbPath, '--json']);
    assert.ok(result.command.includes('100%/support%d.db'), 'the plain command keeps the path');
    const cronField = result.crontab.split(' ').slice(5).join(' ');
    // Cron turns every % not preceded by a backslash into a newline.
    assert.doesNotMatch(cronField, /(^|[^\\])%/);
    assert.ok(cronField.includes('100\\%/support\\%d.db'));
    assert.ok(cronField.replaceAll('\\%', '%').startsWith(`${result.command} >> `), 'cron runs the command');
    const execStart = /^ExecStart=(.*)$/m.exec(result.systemd.service)![1]!;
    assert.equal(execStart, result.command.replaceAll('%', '%%'));
  });

  test('an interval cron cannot express exits 2 with the reason', async () => {
    const run = await runFic(['schedule', '--every', '90']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cron cannot run every 90 minutes/);
  });
});
