import { errorList } from '../http/api-error.js';

/**
 * Conversations whose GET /conversations/{id} fails the same way every time, until healed: what one
 * broken record looks like to a sync (Airbyte users report single deleted or corrupt conversations
 * breaking syncs, airbytehq/airbyte#42853), as opposed to the fake's random faults, which pass on retry.
 */

export type PersistentFailureKind = '500' | '503' | '403' | '404' | 'malformed' | 'hang';

export const PERSISTENT_FAILURE_KINDS: readonly PersistentFailureKind[] = [
  '500',
  '503',
  '403',
  '404',
  'malformed',
  'hang',
];

/** A canned failure answer: status and error.list body. */
export interface FailureAnswer {
  status: number;
  body: unknown;
}

const ERROR_ANSWERS: Record<'500' | '503' | '403' | '404', () => FailureAnswer> = {
  '500': () => ({ status: 500, body: errorList('server_error', 'Internal Server Error') }),
  '503': () => ({
    status: 503,
    body: errorList('service_unavailable', 'Sorry, the API service is temporarily unavailable'),
  }),
  '403': () => ({ status: 403, body: errorList('forbidden', 'You do not have access to this conversation') }),
  '404': () => ({ status: 404, body: errorList('not_found', 'Resource Not Found') }),
};

export class PersistentFailures {
  readonly #kinds = new Map<string, PersistentFailureKind>();

  fail(ids: readonly string[], kind: PersistentFailureKind): void {
    if (!PERSISTENT_FAILURE_KINDS.includes(kind))
      throw new RangeError(
        `Unknown failure kind "${String(kind)}": use ${PERSISTENT_FAILURE_KINDS.join(', ')}.`,
      );
    for (const id of ids) this.#kinds.set(id, kind);
  }

  /** Ends the failures of these ids, or of every id. */
  heal(ids?: readonly string[]): void {
    if (ids === undefined) this.#kinds.clear();
    else for (const id of ids) this.#kinds.delete(id);
  }

  kindFor(id: string): PersistentFailureKind | undefined {
    return this.#kinds.get(id);
  }

  /** The error answer for a failing id; undefined for 'malformed' and 'hang', which the server acts out. */
  errorAnswer(kind: PersistentFailureKind): FailureAnswer | undefined {
    return kind === 'malformed' || kind === 'hang' ? undefined : ERROR_ANSWERS[kind]();
  }
}

/**
 * A 200 whose body is valid JSON that a conversation (or ticket) schema rejects: no `conversation_parts`
 * (`ticket_parts`), and `created_at` a string (unlike the random 'malformed' fault, which truncates the JSON).
 */
export function malformedConversation(body: Buffer): Buffer {
  const conversation = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  delete conversation.conversation_parts;
  delete conversation.ticket_parts;
  conversation.created_at = new Date(Number(conversation.created_at) * 1000).toISOString();
  return Buffer.from(JSON.stringify(conversation));
}
