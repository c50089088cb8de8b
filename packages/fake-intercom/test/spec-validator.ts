import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Json } from './fake-client.js';

/** Validates fake responses against the 2.16 spec's component schemas (shared by the contract tests). */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPEC_PATH = path.resolve(REPO_ROOT, '../shared/intercom-api/api.intercom.io.yaml');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * OpenAPI 3.0 puts `nullable: true` beside `$ref`/`allOf`, which JSON Schema ignores; rewrite those
 * into `anyOf [schema, null]` so a null the spec allows validates.
 */
function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).map(([key, value]) => [key, openApiToJsonSchema(value)] as const);
  const schema: Record<string, unknown> = Object.fromEntries(entries);
  if (schema.nullable === false) delete schema.nullable;
  if (schema.nullable === true && schema.type === undefined) {
    delete schema.nullable;
    return { anyOf: [schema, { type: 'null' }] };
  }
  return schema;
}

/**
 * Where the live API contradicts the 2.16 spec, the realistic fake follows the live API
 * (REAL-API-BEHAVIOUR.md), so those fields, and only those, are set aside before validating:
 * - `teammates` holds `admins` (what the live API and the official SDK's types carry), where the spec
 *   says `teammates.teammates`: the realistic list is checked against the spec's item schema instead.
 * - null where the spec types a plain value: statistics entries (integers in the spec), `source.subject`,
 *   a part author's `email`, a contact's `email` and `email_domain`. The live API sends these as null.
 */
export function withoutRealApiDepartures(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRealApiDepartures);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const child = withoutRealApiDepartures(value) as Json;
    if (key === 'teammates' && child !== null && Array.isArray(child.admins)) {
      copy.teammates = { type: child.type, teammates: child.admins };
    } else if (key === 'statistics' && child !== null) {
      copy.statistics = Object.fromEntries(
        Object.entries(child as object).filter(([, entry]) => entry !== null),
      );
    } else if (value === null && ['subject', 'email', 'email_domain'].includes(key)) {
      continue;
    } else copy[key] = child;
  }
  return copy;
}

export interface SpecValidator {
  validator(name: string): ValidateFunction;
  /** Asserts `body` is a valid `name`; realistic bodies have the known real-API departures set aside first. */
  check(name: string, body: unknown): void;
}

/** The validator, or undefined when the spec is not on this machine (tests then skip). */
export function loadSpecValidator(realistic: boolean): SpecValidator | undefined {
  if (!existsSync(SPEC_PATH)) return undefined;
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The API sends relative paths ("/contacts/<id>/tags") where the spec says `format: uri`; the
  // spec's own examples do the same, so accept URI references.
  ajv.addFormat('uri', (value: string) => URL.canParse(value, 'https://api.intercom.io'));
  ajv.addFormat('timestamp', () => true);
  ajv.addSchema({ $id: 'spec', components: { schemas: openApiToJsonSchema(spec.components.schemas) } });
  const validator = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`spec#/components/schemas/${name}`);
    assert.ok(validate !== undefined, `schema ${name} exists`);
    return validate;
  };
  return {
    validator,
    check: (name, body) => {
      const validate = validator(name);
      const valid = validate(realistic ? withoutRealApiDepartures(body) : body);
      assert.ok(valid, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    },
  };
}
