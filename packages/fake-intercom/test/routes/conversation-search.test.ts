/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions read untyped API JSON */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeIntercom, WorkspaceTruth } from '../../src/index.js';
import { startFakeIntercom } from '../../src/index.js';
import type { Json } from '../fake-client.js';
import { search, searchAll } from '../fake-client.js';

const NOW = 1_780_000_000;
const ALL = { field: 'created_at', operator: '>', value: 0 };
const ASC = { field: 'updated_at', order: 'ascending' };

describe('POST /conversations/search', () => {
  let fake: FakeIntercom;
  let truth: WorkspaceTruth;
  const ids = (conversations: Json[]): string[] => conversations.map((c: Json) => c.id as string).sort();
  const expected = (keep: (c: WorkspaceTruth['conversations'][number]) => boolean): string[] =>
    truth.conversations
      .filter(keep)
      .map((c) => c.id)
      .sort();

  before(async () => {
    fake = await startFakeIntercom({ conversations: 1500, seed: 11, now: NOW });
    truth = fake.truth();
  });
  after(() => fake.close());

  test('pages carry total_count, no conversation_parts, and no pages.next on the last page', async () => {
    const first = await search(fake, { query: ALL, pagination: { per_page: 150 } });
    assert.equal(first.status, 200);
    assert.equal(first.body.type, 'conversation.list');
    assert.equal(first.body.total_count, 1500);
    assert.equal(first.body.conversations.length, 150);
    assert.equal(first.body.pages.page, 1);
    assert.equal(first.body.pages.total_pages, 10);
    assert.equal(typeof first.body.pages.next.starting_after, 'string');
    assert.ok(first.body.conversations.every((c: Json) => c.conversation_parts === undefined));
    const lastPage = await search(fake, {
      query: { field: 'id', operator: '=', value: truth.conversations[0]!.id },
    });
    assert.equal(lastPage.body.total_count, 1);
    assert.equal(lastPage.body.pages.next, undefined);
  });

  test('walking updated_at ascending with ties returns every conversation once, in (updated_at, id) order', async () => {
    const tiedSeconds = new Map<number, number>();
    for (const c of truth.conversations)
      tiedSeconds.set(c.updated_at, (tiedSeconds.get(c.updated_at) ?? 0) + 1);
    assert.ok(
      [...tiedSeconds.values()].some((count) => count >= 3),
      'the workspace has updated_at ties',
    );
    for (const perPage of [150, 7]) {
      const all = await searchAll(
        fake,
        { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: 0 }] },
        ASC,
        perPage,
      );
      assert.equal(all.length, 1500);
      assert.equal(new Set(all.map((c: Json) => c.id)).size, 1500);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        assert.ok(
          a.updated_at < b.updated_at || (a.updated_at === b.updated_at && a.id < b.id),
          `order at ${i}`,
        );
      }
    }
  });

  test('a cursor keeps its place when a conversation changes mid-walk: nothing is skipped', async () => {
    const local = await startFakeIntercom({ conversations: 300, seed: 12, now: NOW });
    try {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await search(local, {
          query: ALL,
          sort: ASC,
          pagination: { per_page: 40, starting_after: cursor },
        });
        for (const c of page.body.conversations) seen.add(c.id);
        cursor = page.body.pages.next?.starting_after;
        if (++pages === 2) local.advance({ replies: 20, closes: 5, newConversations: 3 });
      } while (cursor !== undefined);
      const after = local.truth();
      for (const c of after.conversations) assert.ok(seen.has(c.id), `conversation ${c.id} was skipped`);
    } finally {
      await local.close();
    }
  });

  test('> and < on timestamps are strict, >= and <= inclusive', async () => {
    const t = truth.conversations[700]!.updated_at;
    const gt = await searchAll(fake, { field: 'updated_at', operator: '>', value: t }, ASC);
    assert.deepEqual(
      ids(gt),
      expected((c) => c.updated_at > t),
    );
    const ge = await searchAll(fake, { field: 'updated_at', operator: '>=', value: String(t) }, ASC);
    assert.deepEqual(
      ids(ge),
      expected((c) => c.updated_at >= t),
    );
    const lt = await searchAll(fake, { field: 'created_at', operator: '<', value: t }, ASC);
    assert.deepEqual(
      ids(lt),
      expected((c) => c.created_at < t),
    );
    const le = await searchAll(fake, { field: 'created_at', operator: '<=', value: t }, ASC);
    assert.deepEqual(
      ids(le),
      expected((c) => c.created_at <= t),
    );
  });

  test('= != IN NIN on state, open, read, assignees, contact_ids and tag_ids', async () => {
    const sample = truth.conversations.find((c) => c.admin_assignee_id !== null && c.tag_ids.length > 0)!;
    const cases: [Json, (c: WorkspaceTruth['conversations'][number]) => boolean][] = [
      [{ field: 'state', operator: '=', value: 'open' }, (c) => c.state === 'open'],
      [{ field: 'state', operator: '!=', value: 'closed' }, (c) => c.state !== 'closed'],
      [{ field: 'state', operator: 'IN', value: ['open', 'snoozed'] }, (c) => c.state !== 'closed'],
      [{ field: 'open', operator: '=', value: false }, (c) => !c.open],
      [{ field: 'read', operator: '=', value: 'true' }, (c) => c.read],
      [
        { field: 'admin_assignee_id', operator: '=', value: Number(sample.admin_assignee_id) },
        (c) => c.admin_assignee_id === sample.admin_assignee_id,
      ],
      [{ field: 'team_assignee_id', operator: 'NIN', value: [0] }, (c) => c.team_assignee_id !== null],
      [
        { field: 'contact_ids', operator: '=', value: sample.contact_ids[0] },
        (c) => c.contact_ids.includes(sample.contact_ids[0]!),
      ],
      [
        { field: 'tag_ids', operator: 'IN', value: [sample.tag_ids[0]] },
        (c) => c.tag_ids.includes(sample.tag_ids[0]!),
      ],
      [
        { field: 'tag_ids', operator: '!=', value: sample.tag_ids[0] },
        (c) => !c.tag_ids.includes(sample.tag_ids[0]!),
      ],
      [{ field: 'id', operator: 'IN', value: [sample.id, '1'] }, (c) => c.id === sample.id],
    ];
    for (const [query, keep] of cases) {
      const found = await searchAll(fake, query, ASC);
      assert.deepEqual(ids(found), expected(keep), JSON.stringify(query));
      assert.ok(found.length > 0, `${JSON.stringify(query)} matches something`);
    }
  });

  test('string operators ~ !~ ^ $ and word matching on source.body', async () => {
    const email = truth.conversations.map((c) => c.source.author).find((author) => author.type === 'user')!;
    const contact = truth.contacts.find((c) => c.id === email.id)!;
    const address = String(contact.email);
    const domain = address.split('@')[1]!;
    const byEmail = await searchAll(
      fake,
      { field: 'source.author.email', operator: '$', value: `@${domain}` },
      ASC,
    );
    assert.ok(byEmail.length > 0);
    assert.ok(byEmail.every((c: Json) => String(c.source.author.email).endsWith(`@${domain}`)));
    const prefix = await searchAll(
      fake,
      { field: 'source.author.email', operator: '^', value: address.slice(0, 5) },
      ASC,
    );
    assert.ok(prefix.every((c: Json) => String(c.source.author.email).startsWith(address.slice(0, 5))));
    const refund = await searchAll(fake, { field: 'source.body', operator: '~', value: 'refund' }, ASC);
    const share = refund.length / 1500;
    assert.ok(share > 0.02 && share < 0.3, `refund matches a realistic share (${share})`);
    assert.deepEqual(
      ids(refund),
      expected((c) => c.source_body.toLowerCase().includes('refund')),
    );
    const noRefund = await searchAll(fake, { field: 'source.body', operator: '!~', value: 'refund' }, ASC);
    assert.equal(noRefund.length + refund.length, 1500);
    const word = await searchAll(fake, { field: 'source.body', operator: '=', value: 'refund' }, ASC);
    assert.ok(word.length > 0 && word.length <= refund.length, 'word match is narrower than contains');
  });

  test('AND / OR groups nest two levels', async () => {
    const query = {
      operator: 'AND',
      value: [
        {
          operator: 'OR',
          value: [
            { field: 'state', operator: '=', value: 'open' },
            { field: 'state', operator: '=', value: 'snoozed' },
          ],
        },
        {
          operator: 'OR',
          value: [
            { field: 'read', operator: '=', value: false },
            { field: 'tag_ids', operator: '!=', value: '0' },
          ],
        },
      ],
    };
    const found = await searchAll(fake, query, ASC);
    assert.deepEqual(
      ids(found),
      expected((c) => c.state !== 'closed'),
    );
  });

  test('sort by created_at descending', async () => {
    const all = await searchAll(fake, ALL, { field: 'created_at', order: 'descending' });
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].created_at >= all[i].created_at);
  });

  test('bad queries get 400 in the error.list envelope', async () => {
    const deep = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [ALL] }] }] };
    const many = { operator: 'OR', value: Array.from({ length: 16 }, () => ALL) };
    const bad: Json[] = [
      { query: ALL, pagination: { per_page: 151 } },
      { query: ALL, pagination: { per_page: 0 } },
      { query: ALL, pagination: { starting_after: 'not-a-cursor' } },
      { query: { field: 'nope', operator: '=', value: 1 } },
      { query: { field: 'state', operator: '>', value: 1 } },
      { query: { field: 'created_at', operator: '~', value: 'x' } },
      { query: { field: 'created_at', operator: '>', value: 'foorbar' } },
      { query: { field: 'state', operator: 'IN', value: 'open' } },
      { query: { operator: 'XOR', value: [ALL] } },
      { query: deep },
      { query: many },
      { query: ALL, sort: { field: 'updated_at', order: 'sideways' } },
      { pagination: { per_page: 10 } },
    ];
    for (const body of bad) {
      const response = await search(fake, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.type, 'error.list');
      assert.equal(typeof response.body.errors[0].code, 'string');
      assert.ok(response.body.errors[0].message.length > 0);
    }
  });
});
