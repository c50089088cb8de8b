import { conversationContactIds } from '@fastintercom/core/queries';
import type { FicDatabase } from '@fastintercom/core';
import { z } from 'zod';
import type { IntercomLinks } from './intercom-reference.js';

/** The Inbox link of a conversation or ticket, for the user to open it in Intercom. */
export const intercomUrl = z
  .string()
  .nullable()
  .describe("Open it in Intercom's Inbox; null until a sync has stored the workspace's app id");

/** Fields every conversation of a list carries beside core's: who the customer is and the Inbox link. */
export const conversationListFields = {
  contact_id: z
    .string()
    .nullable()
    .describe("The customer's contact id (get_customer_context contact_id); null when there is none"),
  intercom_url: intercomUrl,
};

/** Adds contact_id and intercom_url to each listed conversation (one query for the whole page). */
export function withConversationListFields<Item extends { id: string }>(
  database: FicDatabase,
  links: IntercomLinks,
  items: readonly Item[],
): (Item & { contact_id: string | null; intercom_url: string | null })[] {
  const contacts = conversationContactIds(
    database,
    items.map((item) => item.id),
  );
  return items.map((item) => ({
    ...item,
    contact_id: contacts.get(item.id) ?? null,
    intercom_url: links.conversation(item.id),
  }));
}
