/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { api, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;
const DAY = 86_400;

describe('generated workspace', () => {
  let fake: FakeIntercom;
  before(async () => {
    fake = await startFakeIntercom({ conversations: 2000, seed: 5, now: NOW });
  });
  after(() => fake.close());

  test('the same seed gives the same workspace; another seed a different one', async () => {
    const twin = await startFakeIntercom({ conversations: 2000, seed: 5, now: NOW });
    const other = await startFakeIntercom({ conversations: 2000, seed: 6, now: NOW });
    try {
      const a = fake.truth();
      assert.deepEqual(twin.truth(), a);
      assert.notDeepEqual(other.truth().conversations, a.conversations);
      const id = a.conversations[123]!.id;
      const one = await api(fake, `/conversations/${id}`);
      const two = await api(twin, `/conversations/${id}`);
      assert.equal(one.text, two.text);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  test('shape of the history: ~400 days, ids numeric and rising with created_at, heavy-tailed part counts', () => {
    const { conversations } = fake.truth();
    const created = conversations.map((c) => c.created_at);
    assert.ok(Math.min(...created) >= NOW - 401 * DAY && Math.min(...created) < NOW - 380 * DAY);
    assert.ok(
      conversations.every((c) => /^\d+$/.test(c.id) && c.updated_at >= c.created_at && c.updated_at <= NOW),
    );
    for (let i = 1; i < conversations.length; i++) {
      assert.ok(BigInt(conversations[i]!.id) > BigInt(conversations[i - 1]!.id));
      assert.ok(conversations[i]!.created_at >= conversations[i - 1]!.created_at);
    }
    const counts = conversations.map((c) => c.parts_total_count).sort((a, b) => a - b);
    const median = counts[counts.length >> 1]!;
    const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
    assert.ok(median >= 3 && median <= 7, `median ${median}`);
    assert.ok(mean >= 5 && mean <= 10, `mean ${mean}`);
    assert.ok(counts[counts.length - 1]! > 100, 'some conversations run to hundreds of parts');
  });

  test('many conversations share an updated_at second', () => {
    const seconds = new Map<number, number>();
    for (const c of fake.truth().conversations)
      seconds.set(c.updated_at, (seconds.get(c.updated_at) ?? 0) + 1);
    const tied = [...seconds.values()].filter((count) => count > 1).reduce((sum, count) => sum + count, 0);
    assert.ok(tied > 100, `${tied} conversations in ties`);
  });

  test('each conversation is consistent with its parts', async () => {
    const query = {
      operator: 'AND',
      value: [
        { field: 'statistics.count_conversation_parts', operator: '>', value: 3 },
        { field: 'statistics.count_conversation_parts', operator: '<=', value: 500 },
      ],
    };
    const all = await searchAll(fake, query, undefined);
    for (const summary of all.slice(0, 60)) {
      const c = (await api(fake, `/conversations/${summary.id}`)).body;
      const parts: Json[] = c.conversation_parts.conversation_parts;
      const ids = new Set(parts.map((part) => part.id));
      assert.equal(ids.size, parts.length, 'part ids are unique');
      for (let i = 1; i < parts.length; i++) assert.ok(parts[i].created_at >= parts[i - 1].created_at);
      assert.equal(c.updated_at, Math.max(c.created_at, parts[parts.length - 1].created_at));
      assert.equal(c.statistics.count_conversation_parts, c.conversation_parts.total_count);
      const stateParts = parts.filter((part) => ['open', 'close', 'snoozed'].includes(part.part_type));
      const lastState = stateParts[stateParts.length - 1]?.part_type;
      const expectedState = lastState === 'close' ? 'closed' : lastState === 'snoozed' ? 'snoozed' : 'open';
      assert.equal(c.state, expectedState);
      assert.equal(c.open, c.state !== 'closed');
      assert.equal(c.statistics.count_reopens, parts.filter((part) => part.part_type === 'open').length);
      const adminComments = parts.filter(
        (part) => part.part_type === 'comment' && part.author.type === 'admin',
      );
      if (c.source.delivered_as === 'customer_initiated') {
        assert.equal(c.statistics.first_admin_reply_at, adminComments[0]?.created_at);
        assert.equal(c.statistics.first_contact_reply_at, c.created_at);
      }
      const closes = parts.filter((part) => part.part_type === 'close');
      assert.equal(c.statistics.last_close_at, closes[closes.length - 1]?.created_at);
      const authors = new Set(
        parts.filter((part) => part.author.type === 'admin').map((part) => part.author.id),
      );
      for (const teammate of c.teammates.teammates)
        assert.ok(authors.has(teammate.id) || teammate.id === c.source.author.id);
      if (c.conversation_rating !== null) assert.equal(c.state === 'closed' || closes.length > 0, true);
      assert.equal(c.contacts.contacts[0].type, 'contact');
    }
  });

  test('part types, author kinds and bodies look like Intercom', () => {
    const types = new Set<string>();
    const authors = new Set<string>();
    let html = 0;
    let images = 0;
    let nonLatin = 0;
    for (const c of fake.truth().conversations) {
      for (const part of c.parts) {
        types.add(part.part_type);
        authors.add(part.author_type);
        if (part.body !== null) {
          if (part.body.startsWith('<p>')) html++;
          if (part.body.includes('<img')) images++;
          if (/[\u3040-\u30ff\u4e00-\u9fff\u0590-\u06ff]/.test(part.body)) nonLatin++;
        }
      }
    }
    for (const type of [
      'comment',
      'note',
      'assignment',
      'open',
      'close',
      'snoozed',
      'away_mode_assignment',
    ]) {
      assert.ok(types.has(type), `has ${type} parts`);
    }
    for (const author of ['admin', 'bot', 'user']) assert.ok(authors.has(author), `has ${author} authors`);
    assert.ok(html > 1000 && images > 0 && nonLatin > 0);
  });

  test('conversations over 500 parts show the 500 most recent, with the full total_count', async () => {
    const big = fake.truth().conversations.filter((c) => c.parts_total_count > 500);
    assert.ok(big.length > 0, 'the workspace has a conversation over the cap');
    const c = (await api(fake, `/conversations/${big[0]!.id}`)).body;
    assert.equal(c.conversation_parts.conversation_parts.length, 500);
    assert.equal(c.conversation_parts.total_count, big[0]!.parts_total_count);
    assert.equal(c.statistics.count_conversation_parts, big[0]!.parts_total_count);
    assert.deepEqual(
      c.conversation_parts.conversation_parts.map((part: Json) => part.id),
      big[0]!.parts.map((part) => part.id),
    );
    const lastVisible = c.conversation_parts.conversation_parts.at(-1);
    assert.equal(lastVisible.created_at, c.updated_at);
  });

  test('display_as=plaintext strips HTML and keeps link targets', async () => {
    const withLink = fake
      .truth()
      .conversations.find((c) => c.parts.some((part) => part.body?.includes('<a href') === true))!;
    const c = (await api(fake, `/conversations/${withLink.id}?display_as=plaintext`)).body;
    const part = c.conversation_parts.conversation_parts.find(
      (p: Json) => p.body?.includes('(https://') === true,
    );
    assert.ok(part !== undefined);
    assert.ok(!/<[a-z]/.test(part.body));
    assert.ok(!/<[a-z]/.test(c.source.body));
  });
});
