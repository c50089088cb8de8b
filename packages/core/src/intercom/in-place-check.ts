import type { z } from 'zod';

/**
 * A fast path for validating a freshly parsed JSON body against one of our zod schemas: the same rules,
 * checked in place without copying the body, then zod's transforms (ids to strings) applied to it. Zod
 * builds a new object for every object and array it validates, which on the sync's hot path (a
 * conversation of ~25 parts, every one of them) was about a tenth of the main thread's CPU and much of
 * its garbage. A body that fails the check goes through zod itself, which names the offending field.
 *
 * Compiles only the schema kinds the response schemas use (loose objects, arrays, string-keyed records of
 * unknown, optional, nullable, unions, plain string/number/boolean, and pipes into a transform, which
 * must not fail); for any other kind `compileInPlaceCheck` returns undefined and the caller uses zod.
 */
export type InPlaceCheck = (body: unknown) => boolean;

interface Node {
  /** Whether zod would accept `value`; reads only. */
  check: (value: unknown) => boolean;
  /** Turns an accepted value into zod's output (mutating objects in place); undefined: output = input. */
  apply: ((value: unknown) => unknown) | undefined;
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** A check that, when it returns true, has turned `body` into what `schema.parse(body)` would return. */
export function compileInPlaceCheck(schema: z.ZodType): InPlaceCheck | undefined {
  const node = compile(schema);
  if (node === undefined) return undefined;
  const { check, apply } = node;
  return (body) => {
    if (!check(body)) return false;
    apply?.(body);
    return true;
  };
}

function compile(schema: z.core.$ZodType): Node | undefined {
  const def = schema._zod.def as Def;
  const checks = def.checks as unknown[] | undefined;
  if (checks !== undefined && checks.length > 0) return undefined;
  switch (def.type) {
    case 'string':
      return leaf((value) => typeof value === 'string');
    case 'number':
      return leaf((value) => typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return leaf((value) => typeof value === 'boolean');
    case 'unknown':
      return leaf(() => true);
    case 'optional':
    case 'nullable':
      return compileOptional(def);
    case 'union':
      return compileUnion(def.options as z.core.$ZodType[]);
    case 'pipe':
      return compilePipe(def);
    case 'array':
      return compileArray(def.element as z.core.$ZodType);
    case 'record':
      return compileRecord(def);
    case 'object':
      return compileObject(def);
    default:
      return undefined;
  }
}

function leaf(check: (value: unknown) => boolean): Node {
  return { check, apply: undefined };
}

function compileOptional(def: Def): Node | undefined {
  const inner = compile(def.innerType as z.core.$ZodType);
  if (inner === undefined) return undefined;
  const empty = def.type === 'optional' ? undefined : null;
  const innerApply = inner.apply;
  return {
    check: (value) => value === empty || inner.check(value),
    apply: innerApply && ((value) => (value === empty ? value : innerApply(value))),
  };
}

function compileUnion(options: z.core.$ZodType[]): Node | undefined {
  const nodes: Node[] = [];
  for (const option of options) {
    const node = compile(option);
    if (node === undefined) return undefined;
    nodes.push(node);
  }
  return {
    check: (value) => nodes.some((node) => node.check(value)),
    // zod's union answers with the first option that accepts.
    apply: nodes.every((node) => node.apply === undefined)
      ? undefined
      : (value) => {
          const node = nodes.find((candidate) => candidate.check(value));
          return node?.apply === undefined ? value : node.apply(value);
        },
  };
}

function compilePipe(def: Def): Node | undefined {
  const input = compile(def.in as z.core.$ZodType);
  const out = (def.out as z.core.$ZodType)._zod.def as Def;
  if (input === undefined || out.type !== 'transform') return undefined;
  const transform = out.transform as (value: unknown, payload: unknown) => unknown;
  const inputApply = input.apply;
  return {
    check: input.check,
    apply: (value) => {
      const accepted = inputApply === undefined ? value : inputApply(value);
      return transform(accepted, { value: accepted, issues: [] });
    },
  };
}

function compileArray(element: z.core.$ZodType): Node | undefined {
  const node = compile(element);
  if (node === undefined) return undefined;
  const { check, apply } = node;
  return {
    check: (value) => Array.isArray(value) && value.every((item) => check(item)),
    apply:
      apply &&
      ((value) => {
        const items = value as unknown[];
        for (let index = 0; index < items.length; index++) items[index] = apply(items[index]);
        return items;
      }),
  };
}

function compileRecord(def: Def): Node | undefined {
  const key = (def.keyType as z.core.$ZodType)._zod.def as Def;
  const item = (def.valueType as z.core.$ZodType)._zod.def as Def;
  const keyChecks = key.checks as unknown[] | undefined;
  if (key.type !== 'string' || (keyChecks?.length ?? 0) > 0 || item.type !== 'unknown') return undefined;
  return leaf(isPlainObject);
}

function compileObject(def: Def): Node | undefined {
  // Only loose objects: a stripping object drops unknown keys, which an in-place check would not.
  const catchall = def.catchall as z.core.$ZodType | undefined;
  if (catchall?._zod.def.type !== 'unknown') return undefined;
  const fields: { key: string; node: Node }[] = [];
  for (const [key, schema] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
    const node = compile(schema);
    if (node === undefined) return undefined;
    fields.push({ key, node });
  }
  const transforming = fields.filter((field) => field.node.apply !== undefined);
  return {
    check: (value) => {
      if (!isPlainObject(value)) return false;
      const record = value as Record<string, unknown>;
      for (const { key, node } of fields) if (!node.check(record[key])) return false;
      return true;
    },
    apply:
      transforming.length === 0
        ? undefined
        : (value) => {
            const record = value as Record<string, unknown>;
            for (const { key, node } of transforming) {
              const output = node.apply!(record[key]);
              // As zod: an absent key stays absent unless its schema gives it a value.
              if (output !== undefined || key in record) record[key] = output;
            }
            return record;
          },
  };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
