import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mapConversation } from '../../src/sync/conversation-mapper.js';
import type { ConversationInput } from '../../src/sync/conversation-mapper.js';

const example = JSON.parse(
  fs.readFileSync(
    new URL('../fixtures/intercom-examples/conversation_with_parts.json', import.meta.url),
    'utf8',
  ),
) as ConversationInput & Record<string, unknown>;

const SYNCED_AT = 1_750_000_000;

test('the documented example maps to every column, ids as strings and flags as 0/1', () => {
  const { conversation, parts, contacts, tags, contactStubs } = mapConversation(example, SYNCED_AT);
  assert.deepEqual(conversation, {
    id: '503',
    created_at: 1734537511,
    updated_at: 1734537511,
    waiting_since: null,
    snoozed_until: null,
    title: null,
    state: 'closed',
    open: 0,
    read: 0,
    priority: 'none',
    admin_assignee_id: '991267715',
    team_assignee_id: '5017691',
    contact_id: '6762f1261bb69f9f2193bba7',
    source_type: 'conversation',
    source_delivered_as: 'admin_initiated',
    source_subject: '',
    source_author_type: 'admin',
    source_author_id: '991267645',
    source_author_name: 'Ciaran176 Lee',
    source_author_email: 'admin176@email.com',
    source_body_text: 'this is the message body',
    source_url: null,
    first_contact_reply_at: null,
    first_assignment_at: null,
    first_admin_reply_at: null,
    first_close_at: null,
    last_assignment_at: null,
    last_assignment_admin_reply_at: null,
    last_contact_reply_at: null,
    last_admin_reply_at: null,
    last_close_at: null,
    last_closed_by_id: null,
    count_reopens: null,
    count_assignments: null,
    count_conversation_parts: null,
    time_to_assignment: null,
    time_to_admin_reply: null,
    time_to_first_close: null,
    time_to_last_close: null,
    median_time_to_reply: null,
    rating_value: null,
    rating_remark: null,
    rating_created_at: null,
    rating_teammate_id: null,
    parts_total_count: 4,
    parts_stored: 4,
    parts_complete: 1,
    synced_at: SYNCED_AT,
    custom_attributes: null,
    cx_score_rating: null,
    cx_score_explanation: null,
    topics: null,
    ai_agent_participated: 0,
    ai_agent_resolution_state: null,
    ai_agent_rating: null,
    ai_agent_rating_remark: null,
    ai_agent_source_type: null,
    ai_agent_source_title: null,
    ai_agent_last_answer_type: null,
    ai_agent_content_sources: null,
    sla_name: null,
    sla_status: null,
    channel_initial: null,
    channel_current: null,
    company_id: null,
  });
  assert.deepEqual(
    parts.map((part) => [part.position, part.id, part.part_type, part.body_text, part.created_at]),
    [
      [0, '1', 'comment', 'Okay!', 1663597223],
      [1, '2', 'custom_action_started', null, 1740141842],
      [2, '3', 'conversation_attribute_updated_by_admin', null, 1740141851],
      [3, '4', 'custom_action_finished', null, 1740141857],
    ],
  );
  assert.deepEqual(parts[0], {
    conversation_id: '503',
    position: 0,
    id: '1',
    part_type: 'comment',
    body_text: 'Okay!',
    created_at: 1663597223,
    updated_at: 1663597260,
    author_type: 'admin',
    author_id: '274',
    author_name: 'Operator',
    assigned_to_type: 'contact',
    assigned_to_id: '1a2b3c',
    redacted: 0,
    tags: '[{"id":"123456","name":"Test tag"}]',
    metadata: null,
  });
  assert.deepEqual(contacts, [{ contact_id: '6762f1261bb69f9f2193bba7', position: 0 }]);
  assert.deepEqual(tags, [{ tag_id: '123456', name: 'Test tag', applied_at: 1663597223 }]);
  assert.deepEqual(contactStubs, [
    { id: '6762f1261bb69f9f2193bba7', external_id: '70', email: null, name: null, synced_at: SYNCED_AT },
  ]);
});

test('statistics and the rating fill their columns', () => {
  const { conversation } = mapConversation(
    {
      ...example,
      open: true,
      read: true,
      state: 'open',
      statistics: {
        first_contact_reply_at: 100,
        first_admin_reply_at: 160,
        last_closed_by_id: 42,
        count_reopens: 2,
        count_assignments: 1,
        count_conversation_parts: 4,
        time_to_admin_reply: 60,
        median_time_to_reply: 30,
      },
      conversation_rating: { rating: 5, remark: 'great', created_at: 200, teammate: { id: 7 } },
    },
    SYNCED_AT,
  );
  assert.equal(conversation.open, 1);
  assert.equal(conversation.read, 1);
  assert.equal(conversation.first_contact_reply_at, 100);
  assert.equal(conversation.first_admin_reply_at, 160);
  assert.equal(conversation.last_closed_by_id, '42');
  assert.equal(conversation.count_reopens, 2);
  assert.equal(conversation.time_to_admin_reply, 60);
  assert.equal(conversation.median_time_to_reply, 30);
  assert.equal(conversation.count_conversation_parts, 4);
  assert.equal(conversation.parts_complete, 1);
  assert.deepEqual(
    [
      conversation.rating_value,
      conversation.rating_remark,
      conversation.rating_created_at,
      conversation.rating_teammate_id,
    ],
    [5, 'great', 200, '7'],
  );
});

test('parts are ordered oldest first, ties keep the API order', () => {
  const part = (id: number, createdAt: number) => ({
    id,
    part_type: 'comment',
    body: `<p>part ${id}</p>`,
    created_at: createdAt,
    author: { type: 'user', id: 'u1' },
  });
  const { parts } = mapConversation(
    {
      ...example,
      conversation_parts: {
        conversation_parts: [part(3, 300), part(1, 100), part(4, 300), part(2, 200), part(5, 300)],
        total_count: 5,
      },
    },
    SYNCED_AT,
  );
  assert.deepEqual(
    parts.map((p) => [p.position, p.id, p.body_text]),
    [
      [0, '1', 'part 1'],
      [1, '2', 'part 2'],
      [2, '3', 'part 3'],
      [3, '4', 'part 4'],
      [4, '5', 'part 5'],
    ],
  );
});

test('a thread cut by the 500-part cap is flagged incomplete', () => {
  const shown = Array.from({ length: 500 }, (_, index) => ({
    id: String(1000 + index),
    part_type: 'comment',
    body: `<p>${index}</p>`,
    created_at: 1_700_000_000 + index,
  }));
  const cut = mapConversation(
    { ...example, conversation_parts: { conversation_parts: shown, total_count: 620 } },
    SYNCED_AT,
  ).conversation;
  assert.deepEqual([cut.parts_total_count, cut.parts_stored, cut.parts_complete], [620, 500, 0]);

  // statistics.count_conversation_parts counts the opening message too (one more than total_count on
  // every real conversation): it never makes a whole thread look cut.
  const counted = mapConversation(
    {
      ...example,
      statistics: { count_conversation_parts: 7 },
      conversation_parts: { conversation_parts: shown.slice(0, 5), total_count: 5 },
    },
    SYNCED_AT,
  ).conversation;
  assert.deepEqual([counted.parts_total_count, counted.parts_stored, counted.parts_complete], [5, 5, 1]);

  const empty = mapConversation({ ...example, conversation_parts: null }, SYNCED_AT).conversation;
  assert.deepEqual([empty.parts_total_count, empty.parts_stored, empty.parts_complete], [0, 0, 1]);
});

test('repeated contacts and tags are kept once, in order; emails make fuller stubs', () => {
  const write = mapConversation(
    {
      ...example,
      contacts: {
        contacts: [{ id: 'c2', external_id: null, email: 'Ann@Acme.com' }, { id: 'c1' }, { id: 'c2' }],
      },
      tags: {
        tags: [
          { id: 1, name: 'vip', applied_at: 5 },
          { id: '1', name: 'vip' },
          { id: 2, name: 'bug' },
        ],
      },
    },
    SYNCED_AT,
  );
  assert.equal(write.conversation.contact_id, 'c2');
  assert.deepEqual(write.contacts, [
    { contact_id: 'c2', position: 0 },
    { contact_id: 'c1', position: 1 },
  ]);
  assert.deepEqual(
    write.contactStubs.map((stub) => [stub.id, stub.email]),
    [
      ['c2', 'Ann@Acme.com'],
      ['c1', null],
    ],
  );
  assert.deepEqual(write.tags, [
    { tag_id: '1', name: 'vip', applied_at: 5 },
    { tag_id: '2', name: 'bug', applied_at: null },
  ]);
});
