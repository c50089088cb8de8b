import { isFicError } from '../errors.js';
import type { IntercomClient } from './intercom-client.js';
import type { RequestOptions } from './intercom-client-types.js';
import { permissionFor } from './request-errors.js';

/** One endpoint a sync uses, tried with the smallest request it takes. */
export interface PermissionCheck {
  endpoint: string;
  /** The Developer Hub permission it needs, as Intercom names it. */
  permission: string;
  ok: boolean;
  /** What a sync does without it (empty when ok). */
  effect: string;
  /** The error when not ok (never the token). */
  message: string | null;
}

type Probe = Pick<
  IntercomClient,
  | 'listAdmins'
  | 'listTeams'
  | 'listTags'
  | 'searchConversationStamps'
  | 'listDeletedConversations'
  | 'searchContacts'
>;

const CHECKS: {
  endpoint: string;
  effect: string;
  call: (client: Probe, options: RequestOptions) => Promise<unknown>;
}[] = [
  {
    endpoint: 'POST /conversations/search',
    effect: 'nothing can be synced',
    call: (client, options) =>
      client.searchConversationStamps(
        { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 1 } },
        options,
      ),
  },
  {
    endpoint: 'GET /conversations/deleted',
    effect: 'deletions reach the copy only when a deleted conversation is fetched again',
    call: (client, options) => client.listDeletedConversations({ page: 1, perPage: 1 }, options),
  },
  {
    endpoint: 'POST /contacts/search',
    effect: 'contacts stay as their conversations show them (no email for most)',
    call: (client, options) =>
      client.searchContacts(
        { query: { field: 'id', operator: '=', value: '0' }, pagination: { per_page: 1 } },
        options,
      ),
  },
  { endpoint: 'GET /admins', effect: 'admins are not synced', call: (c, o) => c.listAdmins(o) },
  { endpoint: 'GET /teams', effect: 'teams are not synced', call: (c, o) => c.listTeams(o) },
  { endpoint: 'GET /tags', effect: 'tag names are not synced', call: (c, o) => c.listTags(o) },
];

/**
 * Calls every endpoint a sync uses once, with the smallest request each takes, and says which the
 * token may call (`fic init`). Only a missing permission marks a check failed; any other failure
 * (network, rate limit) is thrown, since it says nothing about permissions.
 */
export async function probePermissions(
  client: Probe,
  options: RequestOptions = {},
): Promise<PermissionCheck[]> {
  const checks: PermissionCheck[] = [];
  for (const check of CHECKS) {
    const permission = permissionFor(check.endpoint);
    try {
      await check.call(client, options);
      checks.push({ endpoint: check.endpoint, permission, ok: true, effect: '', message: null });
    } catch (error) {
      if (!isFicError(error)) throw error;
      // GET /conversations/deleted exists from Intercom-Version 2.16: older versions refuse it.
      const unavailable =
        check.endpoint === 'GET /conversations/deleted' &&
        (error.code === 'not_found' || (error.code === 'api' && error.details.status === 400));
      if (error.code !== 'permission' && !unavailable) throw error;
      checks.push({
        endpoint: check.endpoint,
        permission,
        ok: false,
        effect: check.effect,
        message: error.message,
      });
    }
  }
  return checks;
}
