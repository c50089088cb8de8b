import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import type { PermissionName } from '../realism/permissions.js';
import { parsePermissionNames } from '../realism/permissions.js';
import type { PersistentFailureKind } from '../realism/persistent-failures.js';
import { PERSISTENT_FAILURE_KINDS } from '../realism/persistent-failures.js';

/** What the realism control endpoints drive: the same methods the FakeIntercom object offers. */
export interface RealismControls {
  flushSearchIndex(): void;
  holdSearchIndex(ids: string[]): void;
  setSearchIndexLag(seconds: number): void;
  setContactSearchLag(seconds: number): void;
  deleteConversations(ids: string[], at?: number): string[];
  deleteTickets(ids: string[], at?: number): string[];
  failConversations(ids: string[], kind: PersistentFailureKind): void;
  healConversations(ids?: string[]): void;
  setMissingPermissions(names: PermissionName[]): void;
  rateLimitLockout(seconds: number): void;
  setStuckCursor(on: boolean): void;
  /** Subscribes the webhook receiver (undefined: unsubscribes). */
  setWebhook(subscription: { url: string; secret: string } | undefined): void;
}

type Body = Record<string, unknown>;

function object(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'bad_request', 'Send a JSON object.');
  return body as Body;
}

function ids(body: Body, required: boolean): string[] | undefined {
  const value = body.ids;
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string'))
    throw new ApiError(400, 'parameter_invalid', 'ids must be an array of id strings.');
  return value;
}

function seconds(body: Body, name = 'seconds'): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ApiError(400, 'parameter_invalid', `${name} must be a non-negative number.`);
  return value;
}

function timestamp(body: Body): number | undefined {
  const at = body.at;
  if (at !== undefined && (typeof at !== 'number' || !Number.isInteger(at) || at < 0))
    throw new ApiError(400, 'parameter_invalid', 'at must be a Unix timestamp.');
  return at;
}

function control(path: string, handle: (body: Body) => unknown): Route {
  return {
    method: 'POST',
    pattern: new RegExp(`^/_fake/${path}$`),
    name: `POST /_fake/${path}`,
    control: true,
    handle: ({ body }) => ({ body: handle(object(body)) ?? { ok: true } }),
  };
}

/** Test-control endpoints for the realism behaviours (not part of Intercom's API), all POST with JSON. */
export function realismControlRoutes(controls: RealismControls): Route[] {
  return [
    control('search-index/flush', () => controls.flushSearchIndex()),
    control('search-index/hold', (body) => controls.holdSearchIndex(ids(body, true) ?? [])),
    control('search-index/lag', (body) => {
      if (body.seconds !== undefined) controls.setSearchIndexLag(seconds(body));
      if (body.contactSeconds !== undefined) controls.setContactSearchLag(seconds(body, 'contactSeconds'));
    }),
    control('delete', (body) => ({
      deleted: controls.deleteConversations(ids(body, true) ?? [], timestamp(body)),
    })),
    control('delete-tickets', (body) => ({
      deleted: controls.deleteTickets(ids(body, true) ?? [], timestamp(body)),
    })),
    control('fail', (body) => {
      const kind = body.kind;
      if (!PERSISTENT_FAILURE_KINDS.includes(kind as PersistentFailureKind))
        throw new ApiError(
          400,
          'parameter_invalid',
          `kind must be one of ${PERSISTENT_FAILURE_KINDS.join(', ')}.`,
        );
      controls.failConversations(ids(body, true) ?? [], kind as PersistentFailureKind);
    }),
    control('heal', (body) => controls.healConversations(ids(body, false))),
    control('missing-permissions', (body) => {
      const names = body.names;
      if (!Array.isArray(names)) throw new ApiError(400, 'parameter_invalid', 'names must be an array.');
      try {
        controls.setMissingPermissions(parsePermissionNames(names));
      } catch (error) {
        throw new ApiError(400, 'parameter_invalid', (error as Error).message);
      }
    }),
    control('rate-limit-lockout', (body) => controls.rateLimitLockout(seconds(body))),
    control('stuck-cursor', (body) => {
      if (typeof body.on !== 'boolean')
        throw new ApiError(400, 'parameter_invalid', 'on must be true or false.');
      controls.setStuckCursor(body.on);
    }),
    control('webhook', (body) => {
      if (body.url === undefined || body.url === null) {
        controls.setWebhook(undefined);
        return;
      }
      if (typeof body.url !== 'string' || typeof body.secret !== 'string')
        throw new ApiError(
          400,
          'parameter_invalid',
          'url and secret must be strings (url null unsubscribes).',
        );
      controls.setWebhook({ url: body.url, secret: body.secret });
    }),
  ];
}
