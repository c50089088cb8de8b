/* eslint-disable @typescript-eslint/no-unsafe-call -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import type { FakeIntercom } from '../src/index.js';
import { startFakeIntercom } from '../src/index.js';
import type { Json } from './fake-client.js';
import { api } from './fake-client.js';
import type { SpecValidator } from './spec-validator.js';
import {
  loadSpecValidator,
  withoutRealApiDepartures,
  withoutUntypedCustomAttributes,
} from './spec-validator.js';

for (const mode of ['plain', 'realistic'] as const)
  describe(`responses validate against the Intercom 2.16 OpenAPI spec (${mode} fake)`, () => {
    let fake: FakeIntercom;
    let spec: SpecValidator | undefined;
    const validator = (name: string): ValidateFunction => {
      assert.ok(spec !== undefined);
      return spec.validator(name);
    };
    const check = (name: string, body: unknown): void => {
      assert.ok(spec !== undefined);
      spec.check(name, body);
    };

    before(async () => {
      spec = loadSpecValidator(mode === 'realistic');
      fake = await startFakeIntercom({ conversations: 400, seed: 31, realistic: mode === 'realistic' });
    });
    after(() => fake?.close());

    const whenSpec = (name: string, run: () => Promise<void>): void => {
      test(name, run);
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
      assert.equal(validate(withoutRealApiDepartures(withoutUntypedCustomAttributes(conversation))), true);
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
