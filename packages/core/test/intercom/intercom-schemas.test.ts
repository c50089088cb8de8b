import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { FicError } from '@fastintercom/core';
import {
  adminListSchema,
  conversationSchema,
  searchConversationsPageSchema,
  teamListSchema,
} from '../../src/intercom/intercom-schemas.js';
import { parseIntercomResponse } from '../../src/intercom/parse-response.js';

const EXAMPLES = fileURLToPath(new URL('../fixtures/intercom-examples', import.meta.url));
// Payloads are edited freely below to break them in chosen places.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const example = (name: string): any => JSON.parse(fs.readFileSync(`${EXAMPLES}/${name}.json`, 'utf8'));
const context = { endpoint: 'GET /conversations/503', noun: 'a conversation' };

function malformed(body: unknown): FicError {
  try {
    parseIntercomResponse(conversationSchema, body, context);
  } catch (error) {
    assert.ok(error instanceof FicError);
    assert.equal(error.code, 'malformed_response');
    return error;
  }
  assert.fail('the payload parsed');
}

describe('Intercom response schemas', () => {
  test("parse the 2.16 spec's own examples, coercing numeric ids to strings", () => {
    const conversation = parseIntercomResponse(
      conversationSchema,
      example('conversation_with_parts'),
      context,
    );
    assert.equal(conversation.id, '503');
    assert.deepEqual(
      conversation.conversation_parts.conversation_parts.map((part) => part.id),
      ['1', '2', '3', '4'],
    );
    assert.equal(conversation.conversation_parts.total_count, 4);
    assert.equal(conversation.admin_assignee_id, '991267715');
    assert.equal(conversation.tags?.tags[0]?.name, 'Test tag');

    const page = searchConversationsPageSchema.parse(example('search_conversations_response'));
    assert.equal(page.conversations[0]?.id, '515');
    assert.equal(page.total_count, 1);
    assert.equal(page.pages?.next, undefined);
    assert.equal(searchConversationsPageSchema.parse(example('list_conversations_response')).total_count, 1);
    assert.equal(adminListSchema.parse(example('admins_list_response')).admins[0]?.id, '991267466');
    assert.deepEqual(teamListSchema.parse(example('teams_list_response')).teams, []);
  });

  test('keep unknown fields and accept omitted or null optional ones', () => {
    const body = example('conversation_with_parts');
    body.brand_new_field = { nested: true };
    body.statistics = { time_to_admin_reply: null, first_close_at: 1700000000 };
    delete body.source;
    delete body.tags;
    body.admin_assignee_id = 0;
    body.team_assignee_id = null;
    const conversation = parseIntercomResponse(conversationSchema, body, context);
    assert.deepEqual(conversation.brand_new_field, { nested: true });
    assert.equal(conversation.statistics?.first_close_at, 1700000000);
    assert.equal(conversation.admin_assignee_id, null, '0 means unassigned');
    assert.equal(conversation.team_assignee_id, null);
  });

  test('a wrong required field fails with a message naming its path', () => {
    const body = example('conversation_with_parts');
    body.conversation_parts.conversation_parts[3].created_at = '2025-02-21';
    const error = malformed(body);
    assert.equal(
      error.message,
      'GET /conversations/503 answered a conversation whose `conversation_parts.conversation_parts[3].created_at` is not a number',
    );
    assert.equal(error.details.field, 'conversation_parts.conversation_parts[3].created_at');
  });

  test('missing, null and mistyped fields are told apart', () => {
    const missing = example('conversation_with_parts');
    delete missing.updated_at;
    assert.match(malformed(missing).message, /`updated_at` is missing$/);

    const nullId = example('conversation_with_parts');
    nullId.conversation_parts.conversation_parts[0].id = null;
    assert.match(malformed(nullId).message, /`conversation_parts\.conversation_parts\[0\]\.id` is null/);

    const notList = example('conversation_with_parts');
    notList.conversation_parts.conversation_parts = 'none';
    assert.match(malformed(notList).message, /`conversation_parts\.conversation_parts` is not a list$/);

    assert.match(malformed('<html>').message, /answered a conversation that is not an object$/);
  });

  test('never quote the offending value (it may be customer data)', () => {
    const body = example('conversation_with_parts');
    body.conversation_parts.conversation_parts[0].body = { secret: 'customer-secret-text' };
    const error = malformed(body);
    assert.ok(!error.message.includes('customer-secret-text'));
    assert.match(error.message, /`conversation_parts\.conversation_parts\[0\]\.body` is not a string/);
  });
});
