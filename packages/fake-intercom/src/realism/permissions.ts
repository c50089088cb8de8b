import { errorList } from '../http/api-error.js';
import type { ErrorList } from '../http/api-error.js';

/**
 * A token without a needed permission ("Read tags", "Read admins", "Read and list users and
 * companies"...) gets 401, not 403, while the token itself is valid: GET /me still answers
 * (REAL-API-BEHAVIOUR.md, "Rate limits and errors"; Airbyte maps those 401s to permission errors).
 */

export type PermissionName =
  | 'admins'
  | 'teams'
  | 'tags'
  | 'contacts'
  | 'conversations'
  | 'deleted_conversations'
  | 'tickets'
  | 'companies';

/** The routes (by their stats name) each permission guards. */
export const PERMISSION_ROUTES: Readonly<Record<PermissionName, readonly string[]>> = {
  admins: ['GET /admins'],
  teams: ['GET /teams'],
  tags: ['GET /tags'],
  contacts: ['GET /contacts/{id}', 'POST /contacts/search'],
  conversations: ['POST /conversations/search', 'GET /conversations', 'GET /conversations/{id}'],
  deleted_conversations: ['GET /conversations/deleted'],
  tickets: ['POST /tickets/search', 'GET /tickets/{id}', 'GET /ticket_types', 'GET /ticket_states'],
  // "Read and list users and companies" guards companies and a contact's company list.
  companies: [
    'GET /companies',
    'GET /companies/scroll',
    'GET /companies/{id}',
    'GET /companies/{id}/contacts',
    'GET /contacts/{id}/companies',
  ],
};

export const PERMISSION_NAMES = Object.keys(PERMISSION_ROUTES) as PermissionName[];

/** Checks names (from options, the CLI or a control request), throwing on an unknown one. */
export function parsePermissionNames(names: readonly unknown[]): PermissionName[] {
  return names.map((name) => {
    if (typeof name !== 'string' || !(PERMISSION_NAMES as string[]).includes(name))
      throw new RangeError(`Unknown permission "${String(name)}": use ${PERMISSION_NAMES.join(', ')}.`);
    return name as PermissionName;
  });
}

export class MissingPermissions {
  #deniedRoutes = new Set<string>();

  constructor(names: readonly PermissionName[] = []) {
    this.set(names);
  }

  set(names: readonly PermissionName[]): void {
    this.#deniedRoutes = new Set(parsePermissionNames(names).flatMap((name) => PERMISSION_ROUTES[name]));
  }

  /** The 401 body when the token lacks the permission this route needs, else undefined. */
  denial(routeName: string): ErrorList | undefined {
    return this.#deniedRoutes.has(routeName)
      ? errorList('unauthorized', 'Not authorized to access resource')
      : undefined;
  }
}
