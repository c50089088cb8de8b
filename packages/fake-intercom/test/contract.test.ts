/* eslint-disable @typescript-eslint/no-unsafe-call -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { FakeIntercom } from '../src/index.js';
import { startFakeIntercom } from '../src/index.js';
import type { Json } from './fake-client.js';
import { api } from './fake-client.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SPEC_PATH = path.resolve(REPO_ROOT, '../shared/intercom-api/api.intercom.io.yaml');
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
function withoutRealApiDepartures(node: unknown): unknown {
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

for (const mode of ['plain', 'realistic'] as const)
  describe(`responses validate against the Intercom 2.16 OpenAPI spec (${mode} fake)`, () => {
    let fake: FakeIntercom;
    let ajv: Ajv;
    const validator = (name: string): ValidateFunction => {
      const validate = ajv.getSchema(`spec#/components/schemas/${name}`);
      assert.ok(validate !== undefined, `schema ${name} exists`);
      return validate;
    };
    const check = (name: string, body: unknown): void => {
      const validate = validator(name);
      const valid = validate(mode === 'realistic' ? withoutRealApiDepartures(body) : body);
      assert.ok(valid, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    };

    before(async () => {
      if (!existsSync(SPEC_PATH)) return; // each test skips with the reason
      const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as {
        components: { schemas: Record<string, unknown> };
      };
      ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      // The API sends relative paths ("/contacts/<id>/tags") where the spec says `format: uri`; the
      // spec's own examples do the same, so accept URI references.
      ajv.addFormat('uri', (value: string) => URL.canParse(value, 'https://api.intercom.io'));
      ajv.addFormat('timestamp', () => true);
      ajv.addSchema({ $id: 'spec', components: { schemas: openApiToJsonSchema(spec.components.schemas) } });
      fake = await startFakeIntercom({ conversations: 400, seed: 31, realistic: mode === 'realistic' });
    });
    after(() => fake?.close());

    const whenSpec = (name: string, run: () => Promise<void>): void => {
      test(name, async (t) => {
        if (!existsSync(SPEC_PATH)) {
          t.skip(`Intercom OpenAPI spec not found at ${SPEC_PATH}`);
          return;
        }
        await run();
      });
    };

    whenSpec('search page: conversation_list', async () => {
      const page = await api(fake, '/conversations/search', {
        body: { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 150 } },
      });
      check('conversation_list', page.body);
      const last = await api(fake, '/conversations/search', {
        body: {
          query: { field: 'updated_at', operator: '>', value: 0 },
          pagination: { per_page: 150, starting_after: page.body.pages.next.starting_after },
        },
      });
      check('conversation_list', last.body);
      check('conversation_list', (await api(fake, '/conversations?per_page=50')).body);
    });

    whenSpec('conversations with parts: conversation', async () => {
      const { conversations } = fake.truth();
      // A spread of conversations: rated, unassigned, with many parts, from leads without email...
      for (const summary of conversations.filter((_, index) => index % 8 === 0)) {
        const conversation: Json = (await api(fake, `/conversations/${summary.id}`)).body;
        check('conversation', conversation);
      }
      const plain = await api(fake, `/conversations/${conversations[1]!.id}?display_as=plaintext`);
      check('conversation', plain.body);
    });

    whenSpec('admins, teams, tags, me, contacts', async () => {
      check('admin_list', (await api(fake, '/admins')).body);
      check('team_list', (await api(fake, '/teams')).body);
      check('tag_list', (await api(fake, '/tags')).body);
      check('admin_with_app', (await api(fake, '/me')).body);
      const contacts = await api(fake, '/contacts/search', {
        body: { query: { field: 'created_at', operator: '>', value: 0 }, pagination: { per_page: 150 } },
      });
      check('contact_list', contacts.body);
      for (const contact of contacts.body.data.slice(0, 40))
        check('contact', (await api(fake, `/contacts/${contact.id}`)).body);
    });

    whenSpec('GET /conversations/deleted: deleted_conversation_list', async () => {
      const local = await startFakeIntercom({ conversations: 60, seed: 32, realistic: mode === 'realistic' });
      try {
        check('deleted_conversation_list', (await api(local, '/conversations/deleted')).body);
        local.deleteConversations(
          local
            .truth()
            .conversations.slice(0, 25)
            .map((c) => c.id),
          1_780_000_000,
        );
        for (const query of ['', '?per_page=10', '?per_page=10&page=3&order=asc']) {
          const page = await api(local, `/conversations/deleted${query}`);
          assert.equal(page.status, 200);
          check('deleted_conversation_list', page.body);
        }
        check('error', (await api(local, '/conversations/deleted?per_page=61')).body);
      } finally {
        await local.close();
      }
    });

    whenSpec('errors: error', async () => {
      check('error', (await api(fake, '/me', { token: 'nope' })).body);
      check('error', (await api(fake, '/conversations/1')).body);
      check(
        'error',
        (await api(fake, '/conversations/search', { body: { query: {}, pagination: { per_page: 500 } } }))
          .body,
      );
      check('error', (await api(fake, '/me', { headers: { 'Intercom-Version': '0.1' } })).body);
    });

    whenSpec('the validator rejects what the spec forbids (negative control)', async () => {
      const conversation: Json = (await api(fake, `/conversations/${fake.truth().conversations[0]!.id}`))
        .body;
      const validate = validator('conversation');
      assert.equal(validate(withoutRealApiDepartures(conversation)), true);
      assert.equal(validate({ ...conversation, state: 'pending' }), false);
      assert.equal(validate({ ...conversation, admin_assignee_id: '12' }), false);
      assert.equal(
        validator('conversation_list')({ type: 'conversation.list', conversations: [{ id: 5 }] }),
        false,
      );
    });

    whenSpec('the search request the sync engine sends is a valid search_request', async () => {
      const body = {
        query: { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: 1_700_000_000 }] },
        pagination: { per_page: 150, starting_after: 'WzE3MDAwMDAwMDAsMSwxXQ' },
      };
      check('search_request', body);
      assert.equal((await api(fake, '/conversations/search', { body })).status, 200);
    });
  });
