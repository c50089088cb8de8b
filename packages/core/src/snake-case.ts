/**
 * Every JSON a script or an assistant reads (the CLI's --json, the MCP tools' structured output) is
 * snake_case, like Intercom's own API, while core speaks camelCase. Results are converted key by key
 * (deep), and the types follow, so an output schema is checked against core's result type.
 */
type SnakeCaseKey<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCaseKey<Tail>}`
  : S;

export type SnakeCased<T> = T extends readonly (infer Item)[]
  ? SnakeCased<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeCaseKey<K> : K]: SnakeCased<T[K]> }
    : T;

const upperCase = /[A-Z]/g;

export function snakeCaseKey(key: string): string {
  return key.replace(upperCase, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Keys whose value is the workspace's own data, keyed by names its admins chose ("CX Score rating"):
 * the key itself is converted, what is under it is kept as it is.
 */
const WORKSPACE_KEYED = new Set(['customAttributes', 'attributes']);

/** Deep copy of plain JSON data with every object key we name in snake_case. */
export function toSnakeCase<T>(value: T): SnakeCased<T> {
  return convert(value) as SnakeCased<T>;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[snakeCaseKey(key)] = WORKSPACE_KEYED.has(key) ? item : convert(item);
  }
  return out;
}
