/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdvanceResult, FakeIntercom, WorkspaceTruth } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;

describe('truth() of a realistic workspace after every kind of change', () => {
  let fake: FakeIntercom;
  let truth: WorkspaceTruth;
  let changes: AdvanceResult;
  before(async () => {
    fake = await startFakeIntercom({
      conversations: 1200,
      seed: 111,
      now: NOW,
      realistic: true,
      rateLimitPerMinute: 0,
    });
    changes = fake.advance({
      replies: 40,
      closes: 10,
      newConversations: 5,
      merges: 4,
      deletions: 6,
      newContacts: 3,
      contactEdits: 5,
      contactMerges: 3,
      at: NOW + 100,
    });
    fake.deleteConversations([fake.truth().conversations[7]!.id], NOW + 200);
    truth = fake.truth();
  });
  after(() => fake.close());

  test('each conversation in truth is what GET /conversations/{id} answers', async () => {
    assert.ok(
      truth.conversations.some((c) => c.parts_total_count > 500),
      'a thread past the 500-part window',
    );
    for (const expected of truth.conversations) {
      const c = (await api(fake, `/conversations/${expected.id}`)).body;
      const parts: Json[] = c.conversation_parts.conversation_parts;
      assert.deepEqual(
        {
          id: c.id,
          created_at: c.created_at,
          updated_at: c.updated_at,
          state: c.state,
          open: c.open,
          read: c.read,
          priority: c.priority,
          admin: c.admin_assignee_id === 0 ? null : String(c.admin_assignee_id),
          team: c.team_assignee_id === 0 ? null : String(c.team_assignee_id),
          contact_ids: c.contacts.contacts.map((contact: Json) => contact.id),
          tag_ids: c.tags.tags.map((tag: Json) => tag.id),
          title: c.title,
          subject: c.source.subject,
          body: c.source.body,
          total: c.conversation_parts.total_count,
          count: c.statistics?.count_conversation_parts ?? null,
          linked: c.linked_objects.data.map((linked: Json) => linked.id),
          custom_attributes: c.custom_attributes,
          ai_agent: c.ai_agent,
          ai_agent_participated: c.ai_agent_participated,
          sla_applied:
            c.sla_applied === null
              ? null
              : { sla_name: c.sla_applied.sla_name, sla_status: c.sla_applied.sla_status },
          channel: c.channel,
          company_id: c.company?.id ?? null,
          parts: parts.map((p) => [p.id, p.part_type, p.body, p.author.type, p.author.id, p.created_at]),
        },
        {
          id: expected.id,
          created_at: expected.created_at,
          updated_at: expected.updated_at,
          state: expected.state,
          open: expected.open,
          read: expected.read,
          priority: expected.priority,
          admin: expected.admin_assignee_id,
          team: expected.team_assignee_id,
          contact_ids: expected.contact_ids,
          tag_ids: expected.tag_ids,
          title: expected.title,
          subject: expected.source.subject,
          body: expected.source_body,
          total: expected.parts_total_count,
          count: expected.count_conversation_parts,
          linked: [...expected.linked_objects, ...expected.linked_tickets],
          custom_attributes: expected.custom_attributes,
          ai_agent: expected.ai_agent,
          ai_agent_participated: expected.ai_agent_participated,
          sla_applied: expected.sla_applied,
          channel: expected.channel,
          company_id: expected.company_id,
          parts: expected.parts.map((p) => [
            p.id,
            p.part_type,
            p.body,
            p.author_type,
            p.author_id,
            p.created_at,
          ]),
        },
        `conversation ${expected.id}`,
      );
      assert.equal(expected.parts_all.length, expected.parts_total_count);
      assert.deepEqual(expected.parts_all.slice(-500), expected.parts, 'parts is the tail of parts_all');
      if (expected.count_conversation_parts !== null)
        assert.equal(expected.count_conversation_parts, expected.parts_total_count + 1);
    }
  });

  test('parts_all keeps what fell out of the window, oldest first', () => {
    const long = truth.conversations.find((c) => c.parts_total_count > 500)!;
    assert.equal(long.parts.length, 500);
    assert.ok(long.parts_all.length > 500);
    for (let i = 1; i < long.parts_all.length; i++)
      assert.ok(long.parts_all[i]!.created_at >= long.parts_all[i - 1]!.created_at);
    assert.equal(long.parts[0]!.id, long.parts_all[long.parts_all.length - 500]!.id);
  });

  test('deleted conversations are absent, listed in truth.deleted and 404 through the API', async () => {
    assert.equal(truth.deleted.length, 7);
    assert.deepEqual(
      truth.deleted.slice(0, 6).map((d) => d.id),
      changes.deleted,
    );
    assert.equal(truth.deleted[6]!.deleted_at, NOW + 200);
    const ids = new Set(truth.conversations.map((c) => c.id));
    assert.equal(ids.size, 1200 + 5 + 3 - 7);
    for (const { id } of truth.deleted) {
      assert.equal(ids.has(id), false);
      assert.equal((await api(fake, `/conversations/${id}`)).status, 404);
    }
    const listed = (await api(fake, '/conversations/deleted?per_page=60&order=asc')).body;
    assert.deepEqual(
      listed.conversations.map((c: Json) => ({ id: c.id, deleted_at: c.deleted_at })),
      [...truth.deleted].sort((a, b) => a.deleted_at - b.deleted_at || a.id.localeCompare(b.id)),
    );
  });

  test('contacts are the current ones: edits applied, merged ones gone, as GET /contacts/{id} answers', async () => {
    assert.deepEqual(truth.merged_contacts, changes.contactMerges);
    const merged = new Set(truth.merged_contacts.map((m) => m.id));
    for (const contact of truth.contacts) {
      assert.equal(merged.has(contact.id as string), false);
      assert.deepEqual((await api(fake, `/contacts/${String(contact.id)}`)).body, contact);
    }
    for (const id of changes.newContacts) assert.ok(truth.contacts.some((contact) => contact.id === id));
    const referenced = new Set(truth.conversations.flatMap((c) => c.contact_ids));
    for (const id of referenced)
      assert.ok(
        truth.contacts.some((contact) => contact.id === id),
        id,
      );
  });

  test('GET /_fake/truth is truth()', async () => {
    assert.deepEqual((await api(fake, '/_fake/truth')).body, JSON.parse(JSON.stringify(fake.truth())));
  });
});
