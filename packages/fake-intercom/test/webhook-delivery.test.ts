import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startFakeIntercom } from '../src/index.js';
import type { FakeIntercom } from '../src/index.js';

interface Notice {
  type: string;
  id: string;
  topic: string;
  created_at: number;
  data: { item: { type: string; id: string } };
}

interface Received {
  signature: string | undefined;
  body: string;
}

/** The fake's webhooks, received by a real HTTP server and checked as Intercom documents them. */
describe('fake Intercom webhook delivery', () => {
  let receiver: http.Server;
  let received: Received[];
  let fake: FakeIntercom;
  const secret = 'client-secret';

  before(async () => {
    received = [];
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const header = req.headers['x-hub-signature'];
        received.push({ signature: typeof header === 'string' ? header : undefined, body });
        res.statusCode = received.length === 2 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    fake = await startFakeIntercom({
      conversations: 60,
      seed: 4,
      rateLimitPerMinute: 0,
      webhook: { url, secret },
    });
  });

  after(async () => {
    await fake.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  test('advance() sends one signed notification per change, with the topic and the item id', async () => {
    const changed = fake.advance({ newConversations: 1, replies: 2, ticketStateChanges: 1 });
    await fake.webhooksSettled();
    assert.equal(
      received.length,
      changed.created.length + changed.updated.length + changed.updatedTickets.length,
    );
    for (const delivery of received) {
      const expected = `sha1=${crypto.createHmac('sha1', secret).update(delivery.body).digest('hex')}`;
      assert.equal(delivery.signature, expected);
    }
    const notices = received.map((delivery) => JSON.parse(delivery.body) as Notice);
    assert.deepEqual(
      notices.map((notice) => [notice.topic, notice.data.item.type, notice.data.item.id]),
      [
        ...changed.created.map((id) => ['conversation.user.created', 'conversation', id]),
        ...changed.updated.map((id) => ['conversation.admin.replied', 'conversation', id]),
        ...changed.updatedTickets.map((id) => ['ticket.state.updated', 'ticket', id]),
      ],
    );
    for (const notice of notices) {
      assert.equal(notice.type, 'notification_event');
      assert.match(notice.id, /^notif_/);
      assert.ok(Math.abs(notice.created_at - Date.now() / 1000) < 600);
    }
    assert.equal(new Set(notices.map((notice) => notice.id)).size, notices.length, 'ids are unique');
    // The log keeps what was sent and what the receiver answered.
    assert.deepEqual(
      fake.webhookDeliveries().map((record) => record.status),
      received.map((_, index) => (index === 1 ? 500 : 200)),
    );
  });

  test('deletions notify; an unsubscribed fake sends nothing', async () => {
    const before = received.length;
    const id = fake.truth().conversations[10]!.id;
    fake.deleteConversations([id]);
    const ticket = fake.truth().tickets[0]!.id;
    fake.deleteTickets([ticket]);
    await fake.webhooksSettled();
    const topics = received.slice(before).map((delivery) => {
      const notice = JSON.parse(delivery.body) as { topic: string; data: { item: { id: string } } };
      return [notice.topic, notice.data.item.id];
    });
    assert.deepEqual(topics, [
      ['conversation.deleted', id],
      ['ticket.deleted', ticket],
    ]);
    fake.setWebhook(undefined);
    fake.advance({ replies: 3 });
    await fake.webhooksSettled();
    assert.equal(received.length, before + 2);
  });

  test('POST /_fake/advance notifies like advance()', async () => {
    fake.setWebhook({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret });
    const before = received.length;
    const response = await fetch(`${fake.url}/_fake/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ replies: 2 }),
    });
    const changed = (await response.json()) as { updated: string[] };
    await fake.webhooksSettled();
    assert.equal(received.length - before, changed.updated.length);
  });
});
