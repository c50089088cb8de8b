import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { IntercomClient } from '../../src/intercom/intercom-client.js';
import { ContactFetcher } from '../../src/sync/contact-sync.js';
import { conversationWrite, openTempDatabase } from '../db/fixtures.js';

async function withWorkspace(
  body: (context: {
    repository: ConversationRepository;
    client: IntercomClient;
    ids: string[];
  }) => void | Promise<void>,
): Promise<void> {
  const fake = await startFakeIntercom({ conversations: 20, seed: 3 });
  const temp = await openTempDatabase();
  try {
    const repository = new ConversationRepository(temp.database);
    const client = new IntercomClient({ baseUrl: fake.url, token: fake.token, retryBaseDelayMs: 1 });
    const ids = fake
      .truth()
      .contacts.slice(0, 3)
      .map((contact) => String(contact.id));
    await body({ repository, client, ids });
  } finally {
    await temp.dispose();
    await fake.close();
  }
}

test('a contact is claimed once per run: held while its page is in flight, then remembered by the database', async () => {
  await withWorkspace(async ({ repository, client, ids }) => {
    const runStartedAt = 1_000;
    const fetcher = new ContactFetcher(client, repository, runStartedAt);
    assert.deepEqual(fetcher.claim([...ids, ids[0]!]), [ids]);
    assert.deepEqual(fetcher.claim(ids), [], 'claimed and not yet written');

    const { contacts: rows, gone, failures } = await fetcher.fetchBatch(ids, runStartedAt);
    assert.deepEqual(rows.map((row) => row.id).sort(), [...ids].sort());
    assert.deepEqual([gone, failures], [[], []]);
    repository.upsertContacts(rows);
    fetcher.release(ids);
    assert.deepEqual(fetcher.claim(ids), [], 'written in this run');

    const nextRun = new ContactFetcher(client, repository, runStartedAt + 1);
    assert.deepEqual(nextRun.claim(ids), [ids], 'a later run fetches them again');
  });
});

test('a released contact that was never written, or is only a stub, is claimed again', async () => {
  await withWorkspace(({ repository, client, ids }) => {
    const fetcher = new ContactFetcher(client, repository, 0);
    assert.deepEqual(fetcher.claim(ids), [ids]);
    fetcher.release(ids);
    assert.deepEqual(fetcher.claim(ids), [ids], 'never written');
    fetcher.release(ids);

    repository.writeConversations([conversationWrite('c1', { contacts: [{ id: ids[0]! }] })]);
    assert.deepEqual(fetcher.claim([ids[0]!]), [[ids[0]]], 'a stub');
  });
});

test('claims come in batches of at most 150', async () => {
  await withWorkspace(({ repository, client }) => {
    const fetcher = new ContactFetcher(client, repository, 0);
    const ids = Array.from({ length: 320 }, (_, index) => `contact-${index}`);
    assert.deepEqual(
      fetcher.claim(ids).map((batch) => batch.length),
      [150, 150, 20],
    );
  });
});
