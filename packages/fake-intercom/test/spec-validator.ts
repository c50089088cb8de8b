import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Json } from './fake-client.js';

/** Validates fake responses against the 2.16 spec's component schemas (shared by the contract tests). */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Intercom's 2.16 OpenAPI description, vendored with its MIT licence (vendor/intercom-openapi/SOURCE.md). */
export const SPEC_PATH = path.join(REPO_ROOT, 'vendor', 'intercom-openapi', 'api.intercom.io.yaml');
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

/**
 * The spec types `custom_attributes` values narrowly (conversations: string, integer, date or a custom
 * object list; companies: string), while its own examples, and the live API, hold booleans and decimals,
 * and Intercom's AI insights (Topics, CX Score reasons) are lists of objects (intercom/Intercom-OpenAPI#642).
 * Those values are checked for one of these shapes here and set aside for the schema, in both modes.
 */
export function withoutUntypedCustomAttributes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUntypedCustomAttributes);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'custom_attributes' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const kept: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        if (typeof item === 'string') kept[name] = item;
        else if (Array.isArray(item))
          assert.ok(
            item.every((entry) => typeof entry === 'object' && entry !== null),
            `${name}: a list of objects`,
          );
        else assert.ok(['number', 'boolean'].includes(typeof item), `${name}: ${String(item)}`);
      }
      copy[key] = kept;
    } else copy[key] = withoutUntypedCustomAttributes(value);
  }
  return copy;
}

export interface SpecValidator {
  validator(name: string): ValidateFunction;
  /** Asserts `body` is a valid `name`; realistic bodies have the known real-API departures set aside first. */
  check(name: string, body: unknown): void;
}

/** The validator over the vendored spec (part of the repository, so the contract tests never skip). */
export function loadSpecValidator(realistic: boolean): SpecValidator {
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
      const typed = withoutUntypedCustomAttributes(body);
      const valid = validate(realistic ? withoutRealApiDepartures(typed) : typed);
      assert.ok(valid, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    },
  };
}
