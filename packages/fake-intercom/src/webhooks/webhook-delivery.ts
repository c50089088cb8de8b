import crypto from 'node:crypto';
import type { AdvanceResult } from '../workspace/advance.js';

/** Where the fake's app is subscribed: Intercom POSTs each notification there, signed with the secret. */
export interface WebhookSubscription {
  url: string;
  /** The app's client secret: X-Hub-Signature is sha1=HMAC-SHA1(secret, body) in hex. */
  secret: string;
}

/** One notification sent (or attempted), with the exact bytes and signature, so a test can replay it. */
export interface WebhookDeliveryRecord {
  id: string;
  topic: string;
  itemType: 'conversation' | 'ticket' | 'contact';
  itemId: string;
  body: string;
  signature: string;
  /** The HTTP status the receiver answered; 0 when it could not be reached. */
  status: number;
}

export interface WebhookNotice {
  topic: string;
  itemType: WebhookDeliveryRecord['itemType'];
  itemId: string;
}

/**
 * Intercom's webhook delivery as the fake does it: a `notification_event` per change (the item carries
 * its type and id; the live API sends the whole object, which fic does not read), POSTed as JSON with
 * `X-Hub-Signature`. Sends are not awaited by the change that caused them; `settled()` waits for them.
 */
export class WebhookDelivery {
  #subscription: WebhookSubscription | undefined;
  readonly #clock: () => number;
  readonly #pending = new Set<Promise<void>>();
  readonly #log: WebhookDeliveryRecord[] = [];

  constructor(subscription: WebhookSubscription | undefined, clock: () => number) {
    this.#subscription = subscription;
    this.#clock = clock;
  }

  subscribe(subscription: WebhookSubscription | undefined): void {
    this.#subscription = subscription;
  }

  /** Every delivery so far, oldest first. */
  log(): readonly WebhookDeliveryRecord[] {
    return this.#log;
  }

  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  notify(notices: readonly WebhookNotice[]): void {
    const subscription = this.#subscription;
    if (subscription === undefined) return;
    for (const notice of notices) {
      const createdAt = Math.floor(this.#clock() / 1000);
      const id = `notif_${crypto.randomUUID()}`;
      const body = JSON.stringify({
        type: 'notification_event',
        app_id: 'fake',
        data: { type: 'notification_event_data', item: { type: notice.itemType, id: notice.itemId } },
        links: {},
        id,
        topic: notice.topic,
        delivery_status: 'pending',
        delivery_attempts: 1,
        delivered_at: 0,
        first_sent_at: createdAt,
        created_at: createdAt,
        self: null,
      });
      const signature = webhookSignature(body, subscription.secret);
      const record: WebhookDeliveryRecord = { id, ...notice, body, signature, status: 0 };
      this.#log.push(record);
      const send = fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': signature,
          'user-agent': 'Intercom-Webhooks/fake',
        },
        body,
      })
        .then(async (response) => {
          record.status = response.status;
          await response.arrayBuffer();
        })
        .catch(() => undefined)
        .finally(() => this.#pending.delete(send));
      this.#pending.add(send);
    }
  }
}

export function webhookSignature(body: string, secret: string): string {
  return `sha1=${crypto.createHmac('sha1', secret).update(body).digest('hex')}`;
}

/** The notifications Intercom would send for what advance() did (topics as Intercom names them). */
export function advanceNotices(result: AdvanceResult): WebhookNotice[] {
  const notices: WebhookNotice[] = [];
  const add = (topic: string, itemType: WebhookNotice['itemType'], ids: readonly string[]): void => {
    for (const itemId of ids) notices.push({ topic, itemType, itemId });
  };
  add('conversation.user.created', 'conversation', result.created);
  add('conversation.admin.replied', 'conversation', result.updated);
  add('conversation.deleted', 'conversation', result.deleted);
  add('ticket.created', 'ticket', result.createdTickets);
  add('ticket.state.updated', 'ticket', result.updatedTickets);
  add('ticket.deleted', 'ticket', result.deletedTickets);
  add('contact.user.updated', 'contact', result.contactEdits);
  return notices;
}
