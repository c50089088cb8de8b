import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';
import { usageError } from '../exit-codes.js';

export interface ScheduleResult {
  intervalMinutes: number;
  /** The command cron or systemd runs: bin/fic with its shebang's variables and node flags, node named absolutely (cron's PATH is minimal), and the settings set only in this shell. */
  command: string;
  /** A crontab line, for `crontab -e`. */
  crontab: string;
  systemd: { servicePath: string; service: string; timerPath: string; timer: string; enable: string };
  /** Things to do first for the schedule to work. */
  notes: string[];
}

export default class Schedule extends BaseCommand {
  static override summary = 'Print a crontab line and a systemd timer that keep the database fresh.';
  static override description =
    'Nothing is installed: copy the crontab line into `crontab -e`, or the two systemd units into ~/.config/systemd/user/. The sync runs with --quiet (silent unless it fails), one at a time per database.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --every 30',
    '<%= config.bin %> <%= command.id %> --db ~/support.db --json',
  ];

  static override flags = {
    every: Flags.integer({
      summary: 'Minutes between syncs (default FASTINTERCOM_SYNC_INTERVAL_MINUTES, 10).',
      min: 1,
      max: 1440,
    }),
  };

  public async run(): Promise<ScheduleResult> {
    const { flags } = await this.parse(Schedule);
    const { config, sources } = await this.loadConfig({ dbPath: flags.db });
    const { defaultConfigPath, settingEnvName } = await import('@fastintercom/core/read');
    const intervalMinutes = flags.every ?? config.syncIntervalMinutes;
    const { ficLaunchCommand, shellWord } = await import('../installation.js');
    const { settingsOnlyInThisShell } = await import('../shell-settings.js');
    const dbArgs = sources.dbPath === 'default' ? [] : ['--db', path.resolve(config.dbPath)];
    const carried = settingsOnlyInThisShell(sources, settingEnvName);
    const command = ficLaunchCommand(['sync', '--quiet', ...dbArgs], carried)
      .map(shellWord)
      .join(' ');
    const logFile = path.join(path.dirname(defaultConfigPath()), 'sync.log');

    const notes: string[] = [];
    if (sources.accessToken !== 'file') {
      notes.push(
        config.accessToken === undefined
          ? 'No Intercom token is configured: run `fic init` first (it stores the token in ~/.fastintercom/config.json, which cron and systemd can read).'
          : 'The token comes from the environment, which cron and systemd do not see: run `fic init` to store it in ~/.fastintercom/config.json.',
      );
    }
    if (sources.dbPath === 'env') {
      notes.push(
        'FASTINTERCOM_DB_PATH is set in this shell only: the schedule names the database with --db.',
      );
    }
    const carriedNames = Object.keys(carried);
    if (carriedNames.length > 0) {
      notes.push(
        `${carriedNames.join(', ')} ${carriedNames.length === 1 ? 'is' : 'are'} set in this shell only: the schedule sets ${carriedNames.length === 1 ? 'it' : 'them'} for the sync.`,
      );
    }

    const result: ScheduleResult = {
      intervalMinutes,
      command,
      crontab: `${cronExpression(intervalMinutes)} ${cronCommand(`${command} >> ${shellWord(logFile)} 2>&1`)}`,
      systemd: systemdUnits(command, intervalMinutes),
      notes,
    };
    this.log(renderSchedule(result));
    return result;
  }
}

/**
 * The command field of a crontab line: cron turns every unescaped % into a newline (even inside shell
 * quotes, cron reads it first) and removes the backslash of \%.
 */
export function cronCommand(command: string): string {
  return command.replaceAll('%', '\\%');
}

/** An ExecStart line's command: systemd reads % as the start of a specifier (%h, %u, ...); %% is one %. */
export function systemdCommand(command: string): string {
  return command.replaceAll('%', '%%');
}

/** Cron fields for "every N minutes": N below 60, or whole hours that divide a day. */
export function cronExpression(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = minutes / 60;
  if (Number.isInteger(hours) && 24 % hours === 0) return hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  throw usageError(
    `cron cannot run every ${minutes} minutes: use a number of minutes under 60, or whole hours that divide a day (60, 120, 180, 240, 360, 480, 720, 1440).`,
  );
}

function systemdUnits(command: string, minutes: number): ScheduleResult['systemd'] {
  const unitDir = '~/.config/systemd/user';
  return {
    servicePath: `${unitDir}/fastintercom-sync.service`,
    service: [
      '[Unit]',
      'Description=FastIntercom sync (fic sync)',
      '',
      '[Service]',
      'Type=oneshot',
      `ExecStart=${systemdCommand(command)}`,
      '',
    ].join('\n'),
    timerPath: `${unitDir}/fastintercom-sync.timer`,
    timer: [
      '[Unit]',
      `Description=Run fic sync every ${minutes} minutes`,
      '',
      '[Timer]',
      'OnBootSec=2min',
      `OnUnitActiveSec=${minutes}min`,
      'Persistent=true',
      '',
      '[Install]',
      'WantedBy=timers.target',
      '',
    ].join('\n'),
    enable: 'systemctl --user daemon-reload && systemctl --user enable --now fastintercom-sync.timer',
  };
}

function renderSchedule(result: ScheduleResult): string {
  const { systemd } = result;
  return [
    ...result.notes.map((note) => `Note: ${note}`),
    ...(result.notes.length > 0 ? [''] : []),
    `# crontab -e: sync every ${result.intervalMinutes} minutes`,
    result.crontab,
    '',
    `# or systemd: ${systemd.servicePath}`,
    systemd.service,
    `# ${systemd.timerPath}`,
    systemd.timer,
    `# then: ${systemd.enable}`,
  ].join('\n');
}
