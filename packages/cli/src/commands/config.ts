import { BaseCommand } from '../base-command.js';

export interface ConfigSetting {
  key: string;
  /** The effective value; the token is redacted. */
  value: unknown;
  /** flag | env | file | default */
  source: string;
}

export interface ConfigResult {
  configPath: string;
  settings: ConfigSetting[];
}

export default class Config extends BaseCommand {
  static override summary = 'Show the effective settings and where each came from.';
  static override description =
    'Precedence: flags > environment variables > ~/.fastintercom/config.json (written by fic init) > defaults. The token is never shown.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  public async run(): Promise<ConfigResult> {
    const { flags } = await this.parse(Config);
    const { config, sources } = await this.loadConfig({ dbPath: flags.db });
    const { defaultConfigPath, redactConfig } = await import('@fastintercom/core/read');
    const { renderTable } = await import('../format/table.js');
    const shown = redactConfig(config);
    const settings = Object.keys(sources).map((key) => ({
      key,
      value: shown[key] ?? null,
      source: sources[key as keyof typeof sources],
    }));
    const result: ConfigResult = { configPath: defaultConfigPath(), settings };
    this.log(`Config file: ${result.configPath}\n`);
    this.log(
      renderTable(settings, [
        { header: 'setting', value: (row) => row.key },
        { header: 'value', value: (row) => formatValue(row.value), flexible: true },
        { header: 'from', value: (row) => row.source },
      ]),
    );
    return result;
  }
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
