import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from './errors.js';
import {
  booleanText,
  httpUrl,
  invalid,
  mapValid,
  oneOf,
  positiveNumber,
  text,
  wholeNumber,
} from './config-parsers.js';
import type { ParseSetting } from './config-parsers.js';
import { SYNC_DEFAULTS } from './sync/sync-defaults.js';

export interface FicConfig {
  /** INTERCOM_ACCESS_TOKEN. Never printed: see `redactConfig`. */
  accessToken: string | undefined;
  /** FASTINTERCOM_API_URL, else derived from `region`. */
  apiUrl: string;
  /** FASTINTERCOM_REGION: us | eu | au. */
  region: 'us' | 'eu' | 'au';
  /** FASTINTERCOM_API_VERSION, sent as the `Intercom-Version` header. Default '2.16'. */
  apiVersion: string;
  /** FASTINTERCOM_API_TIMEOUT_SECONDS, per request attempt. Default 30. */
  timeoutSeconds: number;
  /** FASTINTERCOM_API_RETRY_COUNT, retries after the first attempt. Default 3. */
  retryCount: number;
  /** FASTINTERCOM_DB_PATH. Default ~/.fastintercom/data.db. */
  dbPath: string;
  /** FASTINTERCOM_LOOKBACK_MINUTES, overlap re-read by incremental syncs. Default 10. */
  lookbackMinutes: number;
  /** FASTINTERCOM_MAX_CONVERSATIONS_PER_SYNC. Default: no limit. */
  maxConversationsPerSync: number | undefined;
  /** FASTINTERCOM_MEMORY_LIMIT_MB. Default 150. */
  memoryLimitMb: number;
  /** FASTINTERCOM_CONCURRENCY, conversation detail requests in flight. Default 40 (see SYNC_DEFAULTS). */
  concurrency: number;
  /** FASTINTERCOM_RECONCILE_HOURS: a sync re-lists a deeper window when the last reconciliation is older. Default 24. */
  reconcileHours: number;
  /** FASTINTERCOM_RECONCILE_DAYS: how far back a reconciliation re-lists. Default 7. */
  reconcileDays: number;
  /** FASTINTERCOM_MAX_RATE_LIMIT_WAIT_SECONDS: a longer rate-limit wait fails the run. Default 120. */
  maxRateLimitWaitSeconds: number;
  /** FASTINTERCOM_SYNC_INTERVAL_MINUTES, for background sync. Default 10. */
  syncIntervalMinutes: number;
  /** FASTINTERCOM_BACKGROUND_SYNC_ENABLED. Default: true when a token is configured. */
  backgroundSyncEnabled: boolean;
}

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export type Region = FicConfig['region'];

export const REGION_API_URLS: Readonly<Record<Region, string>> = Object.freeze({
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
});

/** One entry per setting: where it comes from in the environment, how it parses, and what a valid value is. */
const SETTINGS = {
  accessToken: { env: 'INTERCOM_ACCESS_TOKEN', parse: text, rule: 'must not be empty' },
  apiUrl: {
    env: 'FASTINTERCOM_API_URL',
    parse: httpUrl,
    rule: 'must be an http(s) URL such as https://api.intercom.io',
  },
  region: {
    env: 'FASTINTERCOM_REGION',
    parse: oneOf<Region>(['us', 'eu', 'au']),
    rule: 'must be us, eu or au',
  },
  apiVersion: {
    env: 'FASTINTERCOM_API_VERSION',
    parse: text,
    rule: 'must be an Intercom API version such as 2.16',
  },
  timeoutSeconds: {
    env: 'FASTINTERCOM_API_TIMEOUT_SECONDS',
    parse: positiveNumber(3600),
    rule: 'must be a number of seconds above 0 (at most 3600)',
  },
  retryCount: {
    env: 'FASTINTERCOM_API_RETRY_COUNT',
    parse: wholeNumber(0, 20),
    rule: 'must be a whole number from 0 to 20',
  },
  dbPath: {
    env: 'FASTINTERCOM_DB_PATH',
    parse: (raw) => mapValid(text(raw), expandPath),
    rule: 'must be a file path',
  },
  lookbackMinutes: {
    env: 'FASTINTERCOM_LOOKBACK_MINUTES',
    parse: wholeNumber(0, 525_600),
    rule: 'must be a whole number of minutes, 0 or more',
  },
  maxConversationsPerSync: {
    env: 'FASTINTERCOM_MAX_CONVERSATIONS_PER_SYNC',
    parse: wholeNumber(1, Number.MAX_SAFE_INTEGER),
    rule: 'must be a whole number above 0',
  },
  memoryLimitMb: {
    env: 'FASTINTERCOM_MEMORY_LIMIT_MB',
    parse: wholeNumber(32, 1_048_576),
    rule: 'must be a whole number of megabytes, at least 32',
  },
  concurrency: {
    env: 'FASTINTERCOM_CONCURRENCY',
    parse: wholeNumber(1, 256),
    rule: 'must be a whole number from 1 to 256',
  },
  reconcileHours: {
    env: 'FASTINTERCOM_RECONCILE_HOURS',
    parse: positiveNumber(8760),
    rule: 'must be a number of hours above 0 (at most 8760)',
  },
  reconcileDays: {
    env: 'FASTINTERCOM_RECONCILE_DAYS',
    parse: positiveNumber(36_500),
    rule: 'must be a number of days above 0',
  },
  maxRateLimitWaitSeconds: {
    env: 'FASTINTERCOM_MAX_RATE_LIMIT_WAIT_SECONDS',
    parse: positiveNumber(86_400),
    rule: 'must be a number of seconds above 0 (at most 86400)',
  },
  syncIntervalMinutes: {
    env: 'FASTINTERCOM_SYNC_INTERVAL_MINUTES',
    parse: positiveNumber(525_600),
    rule: 'must be a number of minutes above 0',
  },
  backgroundSyncEnabled: {
    env: 'FASTINTERCOM_BACKGROUND_SYNC_ENABLED',
    parse: booleanText,
    rule: 'must be true or false',
  },
} satisfies Record<keyof FicConfig, { env: string; parse: ParseSetting; rule: string }>;

type Key = keyof FicConfig;
const KEYS = Object.keys(SETTINGS) as Key[];

/** The environment variable a setting is read from (FASTINTERCOM_REGION for `region`, ...). */
export function settingEnvName(key: keyof FicConfig): string {
  return SETTINGS[key].env;
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.FASTINTERCOM_CONFIG_PATH?.trim();
  return override ? expandPath(override) : path.join(os.homedir(), '.fastintercom', 'config.json');
}

export function defaultDbPath(): string {
  return path.join(os.homedir(), '.fastintercom', 'data.db');
}

/**
 * Merges the layers, highest first: flags > env > config file > defaults. Every value is validated and
 * a bad one throws FicError('config') naming where it came from. `env` defaults to `process.env`; the
 * config file is not read here: pass `file: readConfigFile()`.
 */
export function resolveConfig(
  input: { flags?: Partial<FicConfig>; env?: NodeJS.ProcessEnv; file?: Partial<FicConfig> } = {},
): { config: Readonly<FicConfig>; sources: Record<keyof FicConfig, ConfigSource> } {
  const env = input.env ?? process.env;
  const layers: {
    source: Exclude<ConfigSource, 'default'>;
    read: (key: Key) => unknown;
    name: (key: Key) => string;
  }[] = [
    { source: 'flag', read: (key) => input.flags?.[key], name: (key) => `The ${key} flag` },
    {
      source: 'env',
      read: (key) => (env[SETTINGS[key].env]?.trim() === '' ? undefined : env[SETTINGS[key].env]),
      name: (key) => SETTINGS[key].env,
    },
    { source: 'file', read: (key) => input.file?.[key], name: (key) => `"${key}" in the config file` },
  ];

  const found = new Map<Key, { value: unknown; source: ConfigSource }>();
  for (const key of KEYS) {
    for (const layer of layers) {
      const raw = layer.read(key);
      if (raw === undefined || raw === null) continue;
      found.set(key, { value: parseSetting(key, raw, layer.name(key)), source: layer.source });
      break;
    }
  }

  const sources = {} as Record<Key, ConfigSource>;
  const pick = <K extends Key>(key: K, fallback: FicConfig[K]): FicConfig[K] => {
    const entry = found.get(key);
    sources[key] = entry?.source ?? 'default';
    return (entry?.value ?? fallback) as FicConfig[K];
  };

  const accessToken = pick('accessToken', undefined);
  let region = pick('region', 'us');
  const explicitUrl = found.get('apiUrl');
  let apiUrl: string;
  // A URL set at the same or a higher layer than the region wins; a region set higher wins over the URL.
  if (explicitUrl !== undefined && rank(explicitUrl.source) >= rank(sources.region)) {
    apiUrl = explicitUrl.value as string;
    sources.apiUrl = explicitUrl.source;
    const matching = (Object.keys(REGION_API_URLS) as Region[]).find((r) => REGION_API_URLS[r] === apiUrl);
    if (sources.region === 'default' && matching !== undefined) {
      region = matching;
      sources.region = explicitUrl.source;
    }
  } else {
    apiUrl = REGION_API_URLS[region];
    sources.apiUrl = sources.region;
  }

  const config: FicConfig = {
    accessToken,
    apiUrl,
    region,
    apiVersion: pick('apiVersion', '2.16'),
    timeoutSeconds: pick('timeoutSeconds', 30),
    retryCount: pick('retryCount', 3),
    dbPath: pick('dbPath', defaultDbPath()),
    lookbackMinutes: pick('lookbackMinutes', SYNC_DEFAULTS.lookbackMinutes),
    maxConversationsPerSync: pick('maxConversationsPerSync', undefined),
    memoryLimitMb: pick('memoryLimitMb', SYNC_DEFAULTS.memoryLimitMb),
    concurrency: pick('concurrency', SYNC_DEFAULTS.concurrency),
    reconcileHours: pick('reconcileHours', SYNC_DEFAULTS.reconcileHours),
    reconcileDays: pick('reconcileDays', SYNC_DEFAULTS.reconcileDays),
    maxRateLimitWaitSeconds: pick('maxRateLimitWaitSeconds', SYNC_DEFAULTS.maxRateLimitWaitSeconds),
    syncIntervalMinutes: pick('syncIntervalMinutes', 10),
    backgroundSyncEnabled: pick('backgroundSyncEnabled', accessToken !== undefined),
  };
  return { config: Object.freeze(config), sources };
}

/** Reads a JSON config file (default `defaultConfigPath()`); a missing file is `{}`. */
export function readConfigFile(filePath: string = defaultConfigPath()): Partial<FicConfig> {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new FicError('config', `Cannot read the config file ${filePath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FicError(
      'config',
      `The config file ${filePath} is not valid JSON: fix it or run fic init again.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FicError(
      'config',
      `The config file ${filePath} must hold a JSON object: fix it or run fic init.`,
    );
  }
  return validatePartial(json as Record<string, unknown>, (key) => `"${key}" in ${filePath}`);
}

/**
 * Writes exactly `values` (validated) as JSON, mode 0600 in a 0700 directory, atomically; returns the
 * path. To change one setting, pass `{ ...readConfigFile(p), ...change }`.
 */
export function writeConfigFile(values: Partial<FicConfig>, filePath: string = defaultConfigPath()): string {
  const clean = validatePartial(values, (key) => `The ${key} setting`);
  const resolved = path.resolve(filePath);
  fs.mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
  const temp = `${resolved}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, resolved);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new FicError('config', `Cannot write the config file ${resolved}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return resolved;
}

/** The config as it may be shown: the token becomes a hint such as 'dG9r…(redacted)', never the value. */
export function redactConfig(config: FicConfig): Record<string, unknown> {
  return { ...config, accessToken: redactToken(config.accessToken) };
}

export function redactToken(token: string | undefined): string | null {
  if (token === undefined || token === '') return null;
  // Only long tokens show a prefix: four characters of a 60-character token identify it without exposing it.
  return token.length >= 24 ? `${token.slice(0, 4)}…(redacted)` : '(redacted)';
}

function parseSetting(key: Key, raw: unknown, where: string): unknown {
  const value = SETTINGS[key].parse(raw);
  if (value !== invalid) return value;
  const shown = key === 'accessToken' ? '' : ` (got ${JSON.stringify(raw)})`;
  throw new FicError('config', `${where} ${SETTINGS[key].rule}${shown}.`, { details: { setting: key } });
}

function validatePartial(values: Record<string, unknown>, where: (key: Key) => string): Partial<FicConfig> {
  const clean: Record<string, unknown> = {};
  for (const key of KEYS) {
    const raw = values[key];
    if (raw === undefined || raw === null) continue;
    clean[key] = parseSetting(key, raw, where(key));
  }
  return clean;
}

function rank(source: ConfigSource): number {
  return { default: 0, file: 1, env: 2, flag: 3 }[source];
}

function expandPath(value: string): string {
  if (value === '~') return os.homedir();
  if (value.startsWith('~/')) return path.join(os.homedir(), value.slice(2));
  return path.resolve(value);
}
