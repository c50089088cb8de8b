import type { WorkspaceApp } from '@fastintercom/core/read';

/**
 * Ids as people paste them: `215469457`, `#215469457`, or an Inbox URL on any region's host
 * (`https://app.intercom.com/a/inbox/<app>/inbox/conversation/<id>`,
 * `https://app.eu.intercom.com/a/apps/<app>/conversations/<id>`, `.../tickets/<id>`).
 */
const inboxUrl =
  /^https?:\/\/app\.(?:(?:eu|au)\.)?intercom\.(?:com|io)\/a\/(?:inbox|apps)\/[^/]+\/(?:[^?#]*\/)?(?:conversations?|tickets?)\/(\d+)\/?(?:[?#].*)?$/i;

/** The bare id of a reference (plain, `#id` or an Inbox URL); anything else is returned trimmed, as given. */
export function parseIntercomReference(reference: string): string {
  const text = reference.trim();
  const url = inboxUrl.exec(text);
  if (url !== null) return url[1]!;
  const hashed = /^#\s*(\d+)$/.exec(text);
  return hashed === null ? text : hashed[1]!;
}

/**
 * A ticket's id from an Inbox URL; anything else as given, trimmed: `#40` stays, since for tickets it is
 * the Inbox number, which getTicket looks up itself.
 */
export function parseTicketReference(reference: string): string {
  const text = reference.trim();
  return inboxUrl.exec(text)?.[1] ?? text;
}

/** `https://app.intercom.com`, or the EU or AU host the workspace lives on. */
function appHost(region: string | null | undefined): string {
  const code = region?.toLowerCase() ?? '';
  if (code === 'eu' || code.startsWith('europe')) return 'https://app.eu.intercom.com';
  if (code === 'au' || code.startsWith('austral')) return 'https://app.au.intercom.com';
  return 'https://app.intercom.com';
}

/** Builds Inbox links for the synced workspace; null links until a sync stored the app's id_code. */
export class IntercomLinks {
  readonly #base: string | null;

  /** `region` is the configured one (FASTINTERCOM_REGION); the app's own region wins when /me gave it. */
  constructor(app: WorkspaceApp | null, region?: string) {
    this.#base =
      app === null
        ? null
        : `${appHost(app.region ?? region)}/a/inbox/${encodeURIComponent(app.idCode)}/inbox/conversation/`;
  }

  /** A conversation (or ticket: the Inbox opens tickets by the same route) in the Inbox. */
  conversation(id: string): string | null {
    return this.#base === null ? null : `${this.#base}${encodeURIComponent(id)}`;
  }
}
