import type { ConfigSource, FicConfig } from '@fastintercom/core/read';

/**
 * The settings this shell's environment sets, as NAME=value, for a process started elsewhere (cron,
 * systemd and an assistant's MCP client start with almost nothing): every one but the token (fic init
 * stores it; a crontab or an assistant's config is no place for it) and the database (each caller
 * names it). FASTINTERCOM_CONFIG_PATH too, or that process would read another file.
 */
export function settingsOnlyInThisShell(
  sources: Record<keyof FicConfig, ConfigSource>,
  envName: (key: keyof FicConfig) => string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const [key, source] of Object.entries(sources) as [keyof FicConfig, ConfigSource][]) {
    if (source !== 'env' || key === 'accessToken' || key === 'dbPath') continue;
    const name = envName(key);
    const value = env[name];
    if (value !== undefined) carried[name] = value;
  }
  const configPath = env.FASTINTERCOM_CONFIG_PATH;
  if (configPath !== undefined && configPath.trim() !== '') carried.FASTINTERCOM_CONFIG_PATH = configPath;
  return carried;
}
