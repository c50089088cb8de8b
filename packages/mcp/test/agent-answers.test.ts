import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeSyncHealthProblem, getSyncHealth, openDatabase } from '@fastintercom/core';
import { sqliteOf } from '@fastintercom/core/internal';
import type { GetRecentConversationsOutput } from '../src/tools/get-recent-conversations.js';
import type { GetSyncStatusOutput } from '../src/tools/get-sync-status.js';
import type { SearchContactsOutput } from '../src/tools/search-contacts.js';
import type { SearchConversationsOutput } from '../src/tools/search-conversations.js';
import { call, connect, failure, seedWorkspace, structured } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';

/** What agents need around the answers: who the customer is, Inbox links, ids as pasted, data age. */
describe('answers for agents', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;
  const appId = 'fake7'; // the fake's app id_code for seed 7 (GET /me), which the sync stores

  before(async () => {
    workspace = await seedWorkspace({ conversations: 60 });
    connected = await connect({ config: workspace.config });
  });
  after(async () => {
    await connected.close();
    await workspace.close();
  });

  function database<T>(read: (sqlite: ReturnType<typeof sqliteOf>) => T): Promise<T> {
    return openDatabase(workspace.dbPath, { readonly: true }).then(async (opened) => {
      try {
        return read(sqliteOf(opened));
      } finally {
        await opened.close();
      }
    });
  }

  test('every answer says how old the data is and how the last sync ended', async () => {
    for (const [tool, args] of [
      ['get_recent_conversations', {}],
      ['search_conversations', { query: 'refund' }],
      ['get_sync_status', {}],
      ['get_team_performance', {}],
    ] as const) {
      const answer = structured<{ data_age_seconds: number | null; last_sync_status: string | null }>(
        await call(connected.client, tool, args),
      );
      assert.equal(typeof answer.data_age_seconds, 'number', tool);
      assert.ok(answer.data_age_seconds! >= 0, tool);
      assert.equal(answer.last_sync_status, 'succeeded', tool);
    }
  });

  test('list items carry the customer contact_id and the Inbox link', async () => {
    const recent = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 20 }),
    );
    const stored = await database(
      (sqlite) =>
        new Map(
          (
            sqlite.prepare('SELECT id, contact_id FROM conversations').all() as {
              id: string;
              contact_id: string;
            }[]
          ).map((row) => [row.id, row.contact_id]),
        ),
    );
    assert.equal(recent.conversations.length, 20);
    for (const item of recent.conversations) {
      assert.equal(item.contact_id, stored.get(item.id) ?? null);
      assert.equal(
        item.intercom_url,
        `https://app.intercom.com/a/inbox/${appId}/inbox/conversation/${item.id}`,
      );
    }
    assert.ok(recent.conversations.some((item) => item.contact_id !== null));

    const search = structured<SearchConversationsOutput>(
      await call(connected.client, 'search_conversations', { query: 'refund' }),
    );
    assert.ok(search.hits.length > 0);
    for (const hit of search.hits) {
      assert.equal(hit.contact_id, stored.get(hit.id) ?? null);
      assert.match(hit.intercom_url!, new RegExp(`/a/inbox/${appId}/inbox/conversation/${hit.id}$`));
    }
  });

  test('conversation ids are accepted as Intercom shows them: plain, #id and Inbox URLs on every region', async () => {
    const [first] = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 1 }),
    ).conversations;
    const id = first!.id;
    for (const reference of [
      id,
      `#${id}`,
      `https://app.intercom.com/a/inbox/${appId}/inbox/conversation/${id}`,
      `https://app.intercom.com/a/inbox/${appId}/inbox/shared/all/conversation/${id}?view=List`,
      `https://app.eu.intercom.com/a/apps/${appId}/conversations/${id}`,
      `https://app.au.intercom.com/a/apps/${appId}/conversations/${id}/`,
    ]) {
      const answer = structured<{ id: string; intercom_url: string }>(
        await call(connected.client, 'get_conversation', { conversation_id: reference, max_parts: 1 }),
      );
      assert.equal(answer.id, id, reference);
      assert.equal(answer.intercom_url, `https://app.intercom.com/a/inbox/${appId}/inbox/conversation/${id}`);
    }
    const reason = failure(
      await call(connected.client, 'get_conversation', {
        conversation_id: 'https://example.com/conversation/1',
      }),
    );
    assert.match(reason, /No conversation https:\/\/example\.com\/conversation\/1 /);
  });

  test('tickets take their Inbox URL too, and carry their link', async () => {
    const ticket = await database(
      (sqlite) =>
        sqlite.prepare('SELECT id FROM tickets ORDER BY id LIMIT 1').get() as {
          id: string;
        },
    );
    const url = `https://app.eu.intercom.com/a/inbox/${appId}/inbox/conversation/${ticket.id}`;
    const answer = structured<{ id: string; intercom_url: string }>(
      await call(connected.client, 'get_ticket', { ticket_id: url }),
    );
    assert.equal(answer.id, ticket.id);
    assert.equal(
      answer.intercom_url,
      `https://app.intercom.com/a/inbox/${appId}/inbox/conversation/${ticket.id}`,
    );
    const hits = structured<{ hits: { id: string; intercom_url: string }[] }>(
      await call(connected.client, 'search_tickets', {}),
    ).hits;
    assert.ok(hits.length > 0);
    for (const hit of hits) assert.ok(hit.intercom_url.endsWith(`/conversation/${hit.id}`));
  });

  test('search_conversations with filters and no query lists the newest first', async () => {
    const listed = structured<SearchConversationsOutput>(
      await call(connected.client, 'search_conversations', { state: 'open', limit: 10 }),
    );
    assert.equal(listed.order, 'recency');
    assert.ok(listed.hits.length > 0);
    assert.ok(listed.hits.every((hit) => hit.state === 'open'));
    const times = listed.hits.map((hit) => hit.updated_at);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  test('search_contacts finds contacts by email, name and company, with their conversation counts', async () => {
    const contact = await database(
      (sqlite) =>
        sqlite
          .prepare(
            `SELECT c.id, c.email, c.name, (SELECT count(*) FROM conversation_contacts x WHERE x.contact_id = c.id) AS n
               FROM contacts c WHERE c.email IS NOT NULL AND c.name IS NOT NULL ORDER BY n DESC, c.id LIMIT 1`,
          )
          .get() as { id: string; email: string; name: string; n: number },
    );
    const byEmail = structured<SearchContactsOutput>(
      await call(connected.client, 'search_contacts', { query: contact.email.toUpperCase() }),
    );
    assert.equal(byEmail.contacts[0]!.id, contact.id, 'the exact email first');
    assert.equal(byEmail.contacts[0]!.matched_on, 'email');
    assert.equal(byEmail.contacts[0]!.conversation_count, contact.n);
    assert.ok(contact.n > 0);
    assert.equal(typeof byEmail.contacts[0]!.ticket_count, 'number');

    const byName = structured<SearchContactsOutput>(
      await call(connected.client, 'search_contacts', { query: contact.name.split(' ')[0]!, limit: 50 }),
    );
    assert.ok(byName.contacts.some((hit) => hit.id === contact.id));

    const company = await database(
      (sqlite) =>
        sqlite
          .prepare(
            `SELECT co.name, cc.contact_id FROM companies co JOIN contact_companies cc ON cc.company_id = co.id
              WHERE co.name IS NOT NULL ORDER BY co.id LIMIT 1`,
          )
          .get() as { name: string; contact_id: string } | undefined,
    );
    assert.ok(company !== undefined, 'the fake links contacts to companies');
    const byCompany = structured<SearchContactsOutput>(
      await call(connected.client, 'search_contacts', { query: company.name, limit: 50 }),
    );
    const found = byCompany.contacts.find((hit) => hit.id === company.contact_id);
    assert.ok(found !== undefined);
    assert.ok(found.companies.includes(company.name));

    const none = structured<SearchContactsOutput>(
      await call(connected.client, 'search_contacts', { query: 'no-such-person-zzz' }),
    );
    assert.deepEqual(none.contacts, []);
    assert.equal(none.truncated, false);
  });

  test("get_sync_status gives core's health verdict, worded as fic status words it but for a model", async () => {
    const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
    assert.equal(status.health!.ok, true);
    // Three intervals later the copy is stale: the same problem core gives fic status.
    const later = await connect({ config: workspace.config, now: () => Date.now() + 4 * 3600_000 });
    try {
      const stale = structured<GetSyncStatusOutput>(await call(later.client, 'get_sync_status'));
      assert.equal(stale.health!.ok, false);
      assert.equal(stale.health!.stale, true);
      const opened = await openDatabase(workspace.dbPath, { readonly: true });
      const core = getSyncHealth(opened, {
        syncIntervalMinutes: workspace.config.syncIntervalMinutes,
        now: Math.floor(Date.now() / 1000) + 4 * 3600,
      });
      await opened.close();
      assert.deepEqual(
        stale.health!.problems,
        core.problems.map((problem) => ({
          code: problem.code,
          message: describeSyncHealthProblem(
            problem,
            'call sync_conversations (or ask the user to run fic sync)',
          ),
        })),
      );
      assert.match(
        stale.message,
        /The data is \d+ minutes old, more than 3 sync intervals .*: call sync_conversations/,
      );
    } finally {
      await later.close();
    }
  });
});
