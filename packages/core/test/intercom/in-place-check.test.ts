import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { z } from 'zod';
import { compileInPlaceCheck } from '../../src/intercom/in-place-check.js';
import {
  adminListSchema,
  contactSchema,
  conversationSchema,
  conversationStampsPageSchema,
  meSchema,
  searchContactsPageSchema,
  searchConversationsPageSchema,
  tagListSchema,
  teamListSchema,
} from '../../src/intercom/intercom-schemas.js';

const EXAMPLES = fileURLToPath(new URL('../fixtures/intercom-examples', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const example = (name: string): any => JSON.parse(fs.readFileSync(`${EXAMPLES}/${name}.json`, 'utf8'));

/** The in-place check must accept exactly what zod accepts, and turn the body into zod's output. */
function agrees(schema: z.ZodType, body: unknown): void {
  const check = compileInPlaceCheck(schema);
  assert.ok(check !== undefined);
  const expected = schema.safeParse(structuredClone(body));
  const copy = structuredClone(body);
  assert.equal(check(copy), expected.success);
  if (expected.success) assert.deepEqual(copy, expected.data);
}

describe('in-place response check', () => {
  test('compiles every loose response schema, and refuses a stripping one', () => {
    const schemas = [adminListSchema, contactSchema, conversationSchema, meSchema, searchContactsPageSchema];
    for (const schema of [...schemas, searchConversationsPageSchema, tagListSchema, teamListSchema]) {
      assert.notEqual(compileInPlaceCheck(schema), undefined);
    }
    assert.equal(compileInPlaceCheck(conversationStampsPageSchema), undefined);
  });

  test("matches zod on the fake's conversations and the spec's examples", async () => {
    const server = await startFakeIntercom({ conversations: 30, rateLimitPerMinute: 0 });
    after(() => server.close());
    const headers = { Authorization: `Bearer ${server.token}`, Accept: 'application/json' };
    for (const { id } of server.truth().conversations) {
      const response = await fetch(`${server.url}/conversations/${id}`, { headers });
      agrees(conversationSchema, await response.json());
    }
    agrees(conversationSchema, example('conversation_with_parts'));
    agrees(searchConversationsPageSchema, example('search_conversations_response'));
    agrees(searchConversationsPageSchema, example('list_conversations_response'));
    agrees(adminListSchema, example('admins_list_response'));
    agrees(teamListSchema, example('teams_list_response'));
  });

  test('matches zod on ids, nulls, absences and wrong types', () => {
    const edits: ((body: ReturnType<typeof example>) => void)[] = [
      (body) => (body.id = 503),
      (body) => (body.admin_assignee_id = 0),
      (body) => (body.admin_assignee_id = '0'),
      (body) => (body.team_assignee_id = null),
      (body) => delete body.team_assignee_id,
      (body) => (body.source = null),
      (body) => delete body.statistics,
      (body) => (body.custom_attributes = { plan: 'pro', seats: 3 }),
      (body) => (body.custom_attributes = ['not', 'a', 'record']),
      (body) => (body.conversation_parts.conversation_parts[1].id = 7),
      (body) => (body.conversation_parts.conversation_parts[1].author = { id: 9, type: 'admin' }),
      (body) => (body.conversation_parts.conversation_parts[2].created_at = '2025-02-21'),
      (body) => (body.conversation_parts.conversation_parts[2].created_at = null),
      (body) => delete body.conversation_parts.conversation_parts[0].part_type,
      (body) => (body.conversation_parts.conversation_parts = {}),
      (body) => (body.tags = { tags: [{ id: 1, name: null }] }),
      (body) => (body.open = 'yes'),
      (body) => (body.id = true),
      (body) => (body.brand_new_field = { nested: [1, 2] }),
    ];
    for (const edit of edits) {
      const body = example('conversation_with_parts');
      edit(body);
      agrees(conversationSchema, body);
    }
    agrees(conversationSchema, '<html>');
    agrees(conversationSchema, null);
    agrees(conversationSchema, []);
  });
});
