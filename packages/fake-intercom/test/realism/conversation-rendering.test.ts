/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import { resolveRealism } from '../../src/realism/realism-options.js';
import { RenderedConversations } from '../../src/routes/rendered-conversations.js';
import { renderConversation } from '../../src/workspace/conversation-renderer.js';
import { Workspace } from '../../src/workspace/workspace.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;
const RICH_TYPES = new Set([
  'quick_reply',
  'custom_action_started',
  'custom_action_finished',
  'conversation_attribute_updated_by_admin',
  'conversation_attribute_updated_by_workflow',
  'ticket_state_updated_by_admin',
  'assign_and_reopen',
  'participant_added',
  'operator_workflow_event',
]);

/** Every conversation's GET body. */
async function details(fake: FakeIntercom): Promise<Json[]> {
  const all: Json[] = [];
  for (const c of fake.truth().conversations) all.push((await api(fake, `/conversations/${c.id}`)).body);
  return all;
}

describe('conversation rendering: each realism option on and off', () => {
  let plain: FakeIntercom;
  let realistic: FakeIntercom;
  let plainBodies: Json[];
  let realBodies: Json[];
  before(async () => {
    plain = await startFakeIntercom({ conversations: 400, seed: 41, now: NOW });
    realistic = await startFakeIntercom({ conversations: 400, seed: 41, now: NOW, realistic: true });
    plainBodies = await details(plain);
    realBodies = await details(realistic);
  });
  after(() => Promise.all([plain.close(), realistic.close()]));

  test('countsOpeningMessage: count_conversation_parts is total_count + 1 (plain: equal)', () => {
    for (const c of plainBodies)
      assert.equal(c.statistics.count_conversation_parts, c.conversation_parts.total_count);
    const withStatistics = realBodies.filter((c) => c.statistics !== null);
    assert.ok(withStatistics.length > 350);
    for (const c of withStatistics)
      assert.equal(c.statistics.count_conversation_parts, c.conversation_parts.total_count + 1);
  });

  test('countsOpeningMessage alone, and search filters on the value the API reports', async () => {
    const only = await startFakeIntercom({
      conversations: 100,
      seed: 41,
      now: NOW,
      realism: { countsOpeningMessage: true },
    });
    try {
      const c = only.truth().conversations.find((conversation) => conversation.parts_total_count === 4)!;
      assert.equal(c.count_conversation_parts, 5);
      const body = (await api(only, `/conversations/${c.id}`)).body;
      assert.equal(body.statistics.count_conversation_parts, 5);
      assert.equal(body.teammates.teammates !== undefined, true, 'teammatesAsAdmins stays off');
      const found = await searchAll(
        only,
        { field: 'statistics.count_conversation_parts', operator: '=', value: 5 },
        undefined,
      );
      assert.ok(found.some((conversation: Json) => conversation.id === c.id));
    } finally {
      await only.close();
    }
  });

  test('explicitNulls: absent statistics are null, ~3% whole statistics null, subject null, emails null', async () => {
    for (const c of plainBodies) {
      assert.ok(Object.values(c.statistics).every((value) => value !== null));
      assert.ok(typeof c.source.subject === 'string');
    }
    const nullStatistics = realBodies.filter((c) => c.statistics === null).length;
    assert.ok(nullStatistics >= 4 && nullStatistics <= 24, `${nullStatistics} of 400 with statistics: null`);
    const keys = new Set(Object.keys(plainBodies.find((c) => c.state === 'closed').statistics));
    for (const c of realBodies.filter((conversation) => conversation.statistics !== null)) {
      for (const key of keys) assert.ok(key in c.statistics, `${key} is sent`);
      assert.ok('last_closed_by_id' in c.statistics);
    }
    assert.ok(realBodies.some((c) => c.statistics?.first_close_at === null));
    assert.ok(realBodies.some((c) => c.source.subject === null));
    assert.ok(realBodies.every((c) => c.source.subject === null || c.source.subject.length > 0));
    assert.ok(plainBodies.some((c) => c.source.subject === ''));
    assert.ok(realBodies.some((c) => c.source.url === null));
    const authors = realBodies.flatMap((c) =>
      c.conversation_parts.conversation_parts.map((p: Json) => p.author),
    );
    assert.ok(authors.some((author: Json) => author.email === null));
    assert.ok(authors.every((author: Json) => 'email' in author));
    const contacts = await api(realistic, '/contacts/search', {
      body: { query: { field: 'role', operator: '=', value: 'lead' }, pagination: { per_page: 150 } },
    });
    assert.ok(
      contacts.body.data.some((contact: Json) => contact.email === null && contact.email_domain === null),
    );
    const plainContacts = await api(plain, '/contacts/search', {
      body: { query: { field: 'role', operator: '=', value: 'lead' }, pagination: { per_page: 150 } },
    });
    assert.ok(plainContacts.body.data.every((contact: Json) => contact.email !== null));
  });

  test('explicitNulls: search sees null statistics as null', async () => {
    const c = realBodies.find((conversation) => conversation.statistics === null);
    const found = await searchAll(
      realistic,
      {
        operator: 'AND',
        value: [
          { field: 'id', operator: '=', value: c.id },
          { field: 'statistics.count_conversation_parts', operator: '>=', value: 0 },
        ],
      },
      undefined,
    );
    assert.equal(found.length, 0);
  });

  test("teammatesAsAdmins: teammates is {type: admin.list, admins} (plain: the spec's teammates.teammates)", () => {
    for (const c of plainBodies) {
      assert.equal(c.teammates.type, 'admin.list');
      assert.ok(Array.isArray(c.teammates.teammates));
    }
    const lists = realBodies.filter((c) => c.teammates !== null);
    assert.ok(lists.length > 300);
    for (const c of lists) {
      assert.equal(c.teammates.type, 'admin.list');
      assert.equal(c.teammates.teammates, undefined);
      assert.ok(c.teammates.admins.length > 0);
      assert.ok(
        c.teammates.admins.every((admin: Json) => admin.type === 'admin' && typeof admin.id === 'string'),
      );
    }
  });

  test('richParts: a seeded share carries rich part types and fields, counted in total_count and the window', () => {
    const plainTypes = new Set(
      plainBodies.flatMap((c) => c.conversation_parts.conversation_parts.map((p: Json) => p.part_type)),
    );
    assert.ok(![...plainTypes].some((type) => RICH_TYPES.has(type)));
    const rich = realBodies.filter((c) =>
      c.conversation_parts.conversation_parts.some((p: Json) => RICH_TYPES.has(p.part_type)),
    );
    assert.ok(rich.length > 60 && rich.length < 200, `${rich.length} of 400 conversations are rich`);
    const parts: Json[] = realBodies.flatMap((c) => c.conversation_parts.conversation_parts);
    const richParts = parts.filter((p) => RICH_TYPES.has(p.part_type));
    for (const type of RICH_TYPES)
      assert.ok(
        richParts.some((p) => p.part_type === type),
        type,
      );
    assert.ok(richParts.filter((p) => p.body === null).length > richParts.length / 2, 'most have no body');
    const quick = parts.find((p) => p.part_type === 'quick_reply');
    assert.ok(quick.metadata.quick_reply_options.length >= 2);
    assert.match(quick.metadata.quick_reply_options[0].uuid, /^[0-9a-f-]{36}$/);
    assert.ok(parts.find((p) => p.part_type === 'custom_action_finished').event_details.action.result);
    assert.ok(parts.some((p) => p.part_type === 'custom_action_started' && p.app_package_code !== null));
    assert.ok(parts.some((p) => p.email_message_metadata?.email_address_headers?.length > 0));
    assert.ok(parts.some((p) => p.tags.length > 0));
    assert.ok(parts.some((p) => p.attachments.some((a: Json) => a.content_type === 'application/pdf')));
    assert.ok(parts.some((p) => p.part_type === 'assign_and_reopen' && p.assigned_to !== null));
    for (const c of rich) {
      const list = c.conversation_parts;
      assert.equal(list.conversation_parts.length, Math.min(500, list.total_count));
      for (let i = 1; i < list.conversation_parts.length; i++)
        assert.ok(list.conversation_parts[i].created_at >= list.conversation_parts[i - 1].created_at);
      assert.equal(c.updated_at, Math.max(c.created_at, list.conversation_parts.at(-1).created_at));
    }
  });

  test('richParts is deterministic from the seed and reflected in truth()', async () => {
    const twin = await startFakeIntercom({ conversations: 400, seed: 41, now: NOW, realistic: true });
    try {
      assert.deepEqual(twin.truth(), realistic.truth());
      const truth = new Map(realistic.truth().conversations.map((c) => [c.id, c]));
      for (const c of realBodies) {
        const parts = truth.get(c.id)!.parts;
        assert.deepEqual(
          parts.map((p) => [p.id, p.part_type, p.body]),
          c.conversation_parts.conversation_parts.map((p: Json) => [p.id, p.part_type, p.body]),
        );
        const quick = parts.find((p) => p.part_type === 'quick_reply');
        if (quick !== undefined) assert.ok(quick.metadata !== undefined);
      }
    } finally {
      await twin.close();
    }
  });

  test('the response cache gives exactly the encoded rendering in realistic mode too', () => {
    const workspace = new Workspace({ conversations: 80, seed: 42, now: NOW, realism: resolveRealism(true) });
    const rendered = new RenderedConversations(workspace);
    for (const options of [
      { legacy: false, plaintext: false },
      { legacy: true, plaintext: true },
    ]) {
      for (let index = 0; index < workspace.count; index++) {
        const listItem = JSON.stringify(renderConversation(workspace, index, false, options));
        assert.equal(Buffer.concat(rendered.listItem(index, options)).toString('utf8'), listItem);
        assert.equal(
          rendered.detail(index, options).toString('utf8'),
          JSON.stringify(renderConversation(workspace, index, true, options)),
        );
        assert.equal(Buffer.concat(rendered.listItem(index, options)).toString('utf8'), listItem);
      }
    }
  });
});
