import type { FicError } from '../errors.js';
import type { MissingPermission } from './sync-plan.js';

/** What a pass reports when the token lacks the permission a 401 (or 403) named. */
export function missingPermissionOf(error: FicError, effect: string): MissingPermission {
  return {
    permission: String(error.details.permission),
    endpoint: String(error.details.endpoint),
    effect,
  };
}
