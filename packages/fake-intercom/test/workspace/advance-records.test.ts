/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;

test('merges: the merged conversation is closed and linked to its primary, which gets a merged_primary_conversation part', async () => {
  const fake = await startFakeIntercom({ conversations: 400, seed: 101, now: NOW });
  try {
    const at = NOW + 100;
    const before = new Map(fake.truth().conversations.map((c) => [c.id, c]));
    const result = fake.advance({ merges: 5, at });
    assert.equal(result.merged.length, 5);
    const truth = new Map(fake.truth().conversations.map((c) => [c.id, c]));
    for (const { id, into } of result.merged) {
      assert.notEqual(id, into);
      const merged = (await api(fake, `/conversations/${id}`)).body;
      assert.equal(merged.state, 'closed');
      assert.equal(merged.updated_at, at);
      assert.equal(merged.conversation_parts.conversation_parts.at(-1).part_type, 'close');
      // Besides any tickets linked with it.
      assert.deepEqual(
        merged.linked_objects.data.filter((linked: { type: string }) => linked.type === 'conversation'),
        [{ type: 'conversation', id: into, category: null }],
      );
      assert.equal(merged.linked_objects.total_count, merged.linked_objects.data.length);
      const primary = (await api(fake, `/conversations/${into}`)).body;
      assert.equal(primary.updated_at, at);
      const last = primary.conversation_parts.conversation_parts.at(-1);
      assert.equal(last.part_type, 'merged_primary_conversation');
      assert.equal(last.created_at, at);
      assert.equal(primary.state, before.get(into)!.state, 'the primary keeps its state');
      assert.deepEqual(truth.get(id)!.linked_objects, [into]);
      assert.ok(result.updated.includes(id) && result.updated.includes(into));
    }
    // A merge prefers a primary of the same contact when there is one.
    const sameContact = result.merged.filter(
      ({ id, into }) => before.get(id)!.contact_ids[0] === before.get(into)!.contact_ids[0],
    );
    const contactsWithMore = result.merged.filter(({ id }) => {
      const contact = before.get(id)!.contact_ids[0];
      return [...before.values()].filter((c) => c.contact_ids[0] === contact).length > 1;
    });
    assert.equal(sameContact.length, contactsWithMore.length);
    // Merged conversations are not picked again by live traffic.
    const later = fake.advance({ replies: 60, reopens: 30, merges: 5, at: at + 10 });
    const mergedIds = new Set(result.merged.map(({ id }) => id));
    assert.ok(later.merged.every(({ id }) => !mergedIds.has(id)));
    assert.ok(
      later.updated.every((id) => !mergedIds.has(id) || later.merged.some(({ into }) => into === id)),
    );
  } finally {
    await fake.close();
  }
});

test('newContacts: each new contact starts one conversation; GET finds it; truth lists it', async () => {
  const fake = await startFakeIntercom({ conversations: 100, seed: 102, now: NOW });
  try {
    const at = NOW + 100;
    const result = fake.advance({ newConversations: 2, newContacts: 3, at });
    assert.equal(result.newContacts.length, 3);
    assert.equal(result.created.length, 5);
    const truth = fake.truth();
    const truthContacts = new Map(truth.contacts.map((contact) => [contact.id, contact]));
    for (const [position, contactId] of result.newContacts.entries()) {
      const contact = (await api(fake, `/contacts/${contactId}`)).body;
      assert.equal(contact.id, contactId);
      assert.equal(contact.created_at, at);
      assert.equal(contact.updated_at, at);
      assert.deepEqual(truthContacts.get(contactId), contact);
      const conversationId = result.created[2 + position]!;
      const conversation = (await api(fake, `/conversations/${conversationId}`)).body;
      assert.deepEqual(
        conversation.contacts.contacts.map((c: Json) => c.id),
        [contactId],
      );
      assert.equal(conversation.created_at, at);
    }
  } finally {
    await fake.close();
  }
});

test('contactEdits: new name and/or email and updated_at; their conversations keep updated_at', async () => {
  const fake = await startFakeIntercom({ conversations: 300, seed: 103, now: NOW });
  try {
    const before = fake.truth();
    const oldContacts = new Map(before.contacts.map((contact) => [contact.id, contact]));
    // Rendered (and cached) before the edits: an edit must not leave a stale name behind.
    for (const c of before.conversations) await api(fake, `/conversations/${c.id}`);
    const at = NOW + 100;
    const result = fake.advance({ contactEdits: 8, at });
    assert.equal(result.contactEdits.length, 8);
    assert.equal(new Set(result.contactEdits).size, 8);
    assert.deepEqual(result.updated, []);
    const referenced = new Set(before.conversations.flatMap((c) => c.contact_ids));
    const after = fake.truth();
    const newContacts = new Map(after.contacts.map((contact) => [contact.id, contact]));
    for (const id of result.contactEdits) {
      assert.ok(referenced.has(id), 'a contact some conversation names');
      const [old, now] = [oldContacts.get(id)!, newContacts.get(id)!];
      assert.equal(now.updated_at, at);
      assert.ok(now.name !== old.name || now.email !== old.email);
      assert.deepEqual((await api(fake, `/contacts/${id}`)).body, now);
    }
    assert.deepEqual(
      after.conversations.map((c) => c.updated_at),
      before.conversations.map((c) => c.updated_at),
    );
    for (const [id, contact] of oldContacts)
      if (!result.contactEdits.includes(String(id))) assert.deepEqual(newContacts.get(id), contact);
    // The conversations show the contact as it is now.
    let authored = 0;
    for (const c of after.conversations.filter((conversation) =>
      result.contactEdits.includes(conversation.contact_ids[0]!),
    )) {
      const body = (await api(fake, `/conversations/${c.id}`)).body;
      if (body.source.author.id !== c.contact_ids[0]) continue;
      authored++;
      assert.equal(body.source.author.name, newContacts.get(c.contact_ids[0]!)!.name);
      assert.equal(body.source.author.email, newContacts.get(c.contact_ids[0]!)!.email ?? null);
    }
    assert.ok(authored > 0);
    const changed = await searchAll(fake, { field: 'updated_at', operator: '>', value: at - 1 }, undefined);
    assert.deepEqual(changed, [], 'conversation search sees no change');
  } finally {
    await fake.close();
  }
});

test('contactMerges: a lead merged into a user disappears; its conversations move to the user at `at`', async () => {
  const fake = await startFakeIntercom({ conversations: 300, seed: 104, now: NOW });
  try {
    const before = fake.truth();
    const roles = new Map(before.contacts.map((contact) => [contact.id, contact.role]));
    const at = NOW + 100;
    const result = fake.advance({ contactMerges: 3, at });
    assert.equal(result.contactMerges.length, 3);
    const after = fake.truth();
    assert.deepEqual(after.merged_contacts, result.contactMerges);
    const current = new Set(after.contacts.map((contact) => contact.id));
    for (const { id, into } of result.contactMerges) {
      assert.equal(roles.get(id), 'lead');
      assert.equal(roles.get(into), 'user');
      assert.equal(current.has(id), false);
      assert.equal(current.has(into), true);
      assert.equal((await api(fake, `/contacts/${id}`)).status, 404);
      const search = await api(fake, '/contacts/search', {
        body: { query: { field: 'id', operator: 'IN', value: [id, into] } },
      });
      assert.deepEqual(
        search.body.data.map((contact: Json) => contact.id),
        [into],
      );
      const moved = before.conversations.filter((c) => c.contact_ids[0] === id);
      assert.ok(moved.length > 0);
      for (const c of moved) {
        const now = after.conversations.find((conversation) => conversation.id === c.id)!;
        assert.deepEqual(now.contact_ids, [into]);
        assert.equal(now.updated_at, at);
        assert.ok(result.updated.includes(c.id));
        assert.equal((await api(fake, `/conversations/${c.id}`)).body.contacts.contacts[0].id, into);
      }
    }
    const searched = await searchAll(fake, { field: 'updated_at', operator: '>', value: at - 1 }, undefined);
    assert.deepEqual(searched.map((c: Json) => c.id).sort(), [...result.updated].sort());
  } finally {
    await fake.close();
  }
});

test('POST /_fake/advance takes the new counts; the same seed gives the same result', async () => {
  const changes = {
    merges: 2,
    deletions: 2,
    newContacts: 2,
    contactEdits: 2,
    contactMerges: 2,
    replies: 3,
    at: NOW + 50,
  };
  const one = await startFakeIntercom({ conversations: 200, seed: 105, now: NOW });
  const two = await startFakeIntercom({ conversations: 200, seed: 105, now: NOW });
  try {
    const viaHttp = await api(one, '/_fake/advance', { body: changes });
    assert.equal(viaHttp.status, 200);
    const direct = two.advance(changes);
    assert.deepEqual(viaHttp.body, direct);
    for (const key of ['deleted', 'merged', 'newContacts', 'contactEdits', 'contactMerges'] as const)
      assert.equal(direct[key].length, 2, key);
    assert.deepEqual((await api(one, '/_fake/truth')).body, JSON.parse(JSON.stringify(two.truth())));
    assert.equal((await api(one, '/_fake/advance', { body: { merges: -1 } })).status, 400);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});
