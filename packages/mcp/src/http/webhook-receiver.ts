import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import type { WebhookRefresher } from './webhook-refresher.js';

export interface WebhookReceiverOptions {
  /** The Intercom app's client secret: Intercom signs each delivery's body with it. */
  secret: string;
  refresher: Pick<WebhookRefresher, 'add'>;
  logger: Logger;
  /** A notification created longer ago than this (or this far in the future) is refused. Default 300 s. */
  maxAgeSeconds?: number;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
}

interface Notification {
  type?: unknown;
  id?: unknown;
  topic?: unknown;
  created_at?: unknown;
  data?: { item?: { type?: unknown; id?: unknown } };
}

/**
 * POST /webhooks/intercom (the body raw, as signed). Intercom signs the body with HMAC-SHA1 under the
 * app's client secret in `X-Hub-Signature: sha1=<hex>`; the signature is compared in constant time. An
 * unsigned or badly signed delivery is 401, a stale one (its `created_at` outside the window) 400, one
 * whose notification id was already accepted 409: each is logged and does nothing. A conversation or
 * ticket topic queues a refresh of that object; other topics (ping, contacts) are acknowledged.
 */
export function webhookReceiver(options: WebhookReceiverOptions): RequestHandler {
  const maxAge = options.maxAgeSeconds ?? 300;
  const now = options.now ?? Date.now;
  /** Accepted notification ids, until their created_at leaves the window (stale ones are refused anyway). */
  const seen = new Map<string, number>();
  const reject = (res: Response, status: number, error: string, description: string): void => {
    options.logger(`Webhook rejected (${status} ${error}): ${description}`);
    res.status(status).json({ error, error_description: description });
  };

  return (req: Request, res: Response): void => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.headers['x-hub-signature'];
    if (typeof signature !== 'string' || signature === '') {
      reject(res, 401, 'unsigned', 'The delivery has no X-Hub-Signature header.');
      return;
    }
    if (!signatureMatches(signature, body, options.secret)) {
      reject(res, 401, 'bad_signature', 'X-Hub-Signature does not match the body under the client secret.');
      return;
    }
    let notification: Notification;
    try {
      notification = JSON.parse(body.toString('utf8')) as Notification;
    } catch {
      reject(res, 400, 'malformed', 'The body is not JSON.');
      return;
    }
    const nowSeconds = Math.floor(now() / 1000);
    const createdAt = notification.created_at;
    if (typeof createdAt !== 'number' || Math.abs(nowSeconds - createdAt) > maxAge) {
      reject(res, 400, 'stale', `The notification was not created within the last ${maxAge} s.`);
      return;
    }
    for (const [id, at] of seen) if (nowSeconds - at > maxAge) seen.delete(id);
    const id = typeof notification.id === 'string' ? notification.id : undefined;
    if (id === undefined) {
      reject(res, 400, 'malformed', 'The notification has no id.');
      return;
    }
    if (seen.has(id)) {
      reject(res, 409, 'replayed', 'This notification was already received.');
      return;
    }
    seen.set(id, createdAt);
    const topic = typeof notification.topic === 'string' ? notification.topic : '';
    const itemId = notification.data?.item?.id;
    const kind = topic.startsWith('conversation')
      ? 'conversation'
      : topic.startsWith('ticket')
        ? 'ticket'
        : undefined;
    if (kind !== undefined && (typeof itemId === 'string' || typeof itemId === 'number')) {
      options.refresher.add(kind, String(itemId));
      res.status(200).json({ received: true, refreshing: kind });
      return;
    }
    res.status(200).json({ received: true });
  };
}

/** `sha1=` + HMAC-SHA1 hex of the body, compared in constant time (lengths first: they are not secret). */
export function signatureMatches(header: string, body: Buffer, secret: string): boolean {
  const expected = Buffer.from(`sha1=${crypto.createHmac('sha1', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
