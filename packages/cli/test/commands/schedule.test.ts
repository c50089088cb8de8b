import { toSnakeCase } from '@fastintercom/core/snake-case';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Schedule, { cronExpression } from '../../src/commands/schedule.js';
import type { ScheduleResult } from '../../src/commands/schedule.js';
import { repoRoot, runFic, tempDir } from '../fic-process.js';
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
      /^\*\/15 \* \* \* \* \/usr\/bin\/env .* \S+\/bin\/fic sync --quiet --db \S+support\.db >> \S+sync\.log 2>&1$/,
    );
    // The wrapper users run, with its shebang's variables and node flags: cron has no PATH for `node`.
    const shebang = fs.readFileSync(path.join(repoRoot, 'bin', 'fic'), 'utf8').split('\n', 1)[0]!;
    assert.match(shebang, /MALLOC_ARENA_MAX=1 node --max-semi-space-size=2$/);
    assert.ok(result.command.startsWith('/usr/bin/env MALLOC_ARENA_MAX=1 '), result.command);
    assert.ok(
      result.command.includes(
        ` ${process.execPath} --max-semi-space-size=2 ${path.join(repoRoot, 'bin', 'fic')} sync --quiet --db `,
      ),
      result.command,
    );
    assert.match(result.systemd.service, /^ExecStart=.* sync --quiet --db .*support\.db$/m);
    assert.match(result.systemd.timer, /^OnUnitActiveSec=15min$/m);
    assert.match(result.notes.join('\n'), /No Intercom token is configured: run `fic init`/);
    assert.deepEqual(JSON.parse(stdout), toSnakeCase(result));
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

  test('settings set only in the shell are carried into the command; the token never is', async () => {
    const run = await runFic(['schedule', '--json'], {
      env: {
        INTERCOM_ACCESS_TOKEN: 'y'.repeat(40),
        FASTINTERCOM_REGION: 'eu',
        FASTINTERCOM_API_URL: 'http://127.0.0.1:9/intercom',
        FASTINTERCOM_DB_PATH: path.join(tempDir(), 'shell.db'),
        FASTINTERCOM_CONFIG_PATH: path.join(tempDir(), 'config.json'),
      },
    });
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as ScheduleResult;
    assert.match(result.command, / FASTINTERCOM_REGION=eu /);
    assert.match(result.command, / FASTINTERCOM_API_URL=http:\/\/127\.0\.0\.1:9\/intercom /);
    assert.match(result.command, / FASTINTERCOM_CONFIG_PATH=\S+config\.json /);
    assert.match(result.command, / --db \S+shell\.db$/);
    assert.doesNotMatch(run.stdout, /yyyy/, 'the token is never printed');
    assert.match(result.notes.join('\n'), /FASTINTERCOM_REGION/);
  });

  test('the printed command runs the sync that cron would run', async () => {
    const dbPath = path.join(tempDir(), 'cron.db');
    const { result } = await runCommand(Schedule, ['--db', dbPath, '--json']);
    // cron's environment: no token, no node on PATH; the sync must start and refuse for want of a token.
    const child = spawnSync('/bin/sh', ['-c', result.command], {
      env: {
        PATH: '/usr/bin:/bin',
        HOME: tempDir(),
        FASTINTERCOM_CONFIG_PATH: path.join(tempDir(), 'none.json'),
      },
      encoding: 'utf8',
    });
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /INTERCOM_ACCESS_TOKEN|fic init/, child.stderr);
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
