import type { TicketDetail } from '@fastintercom/core';
import { ANSWER_BOUNDS } from './conversation-answer-bounds.js';

export interface BoundedTicket {
  detail: TicketDetail;
  /** Some text was cut or a list shortened (parts left out show in `detail.omitted`). */
  cut: boolean;
}

/**
 * `detail` within the bounds get_conversation keeps (ANSWER_BOUNDS): long bodies and attribute texts
 * cut, at most 128 KB of messages (parts past it are left out, in order, for the cursor to read), lists
 * of contacts and links shortened.
 */
export function boundTicket(detail: TicketDetail): BoundedTicket {
  let cut = false;
  const text = (value: string | null, max: number): string | null => {
    if (value === null || value.length <= max) return value;
    cut = true;
    return `${value.slice(0, max)}…`;
  };
  const list = <T>(items: T[]): T[] => {
    if (items.length <= ANSWER_BOUNDS.listItems) return items;
    cut = true;
    return items.slice(0, ANSWER_BOUNDS.listItems);
  };
  const messages: TicketDetail['messages'] = [];
  let bytes = 0;
  let omitted = detail.omitted;
  for (const message of detail.messages) {
    const bounded = {
      ...message,
      body: text(message.body, ANSWER_BOUNDS.bodyChars),
      authorName: text(message.authorName, ANSWER_BOUNDS.nameChars),
      attachments: list(message.attachments),
    };
    const size = Buffer.byteLength(JSON.stringify(bounded));
    if (messages.length > 0 && bytes + size > ANSWER_BOUNDS.messageBytes) {
      const left = detail.messages.length - messages.length;
      omitted = { count: left + (detail.omitted?.count ?? 0), fromPosition: message.position };
      break;
    }
    bytes += size;
    messages.push(bounded);
  }
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail.attributes)) {
    attributes[key] = typeof value === 'string' ? text(value, ANSWER_BOUNDS.bodyChars) : value;
  }
  return {
    detail: {
      ...detail,
      title: text(detail.title, ANSWER_BOUNDS.textChars),
      description: text(detail.description, ANSWER_BOUNDS.bodyChars),
      contacts: list(detail.contacts),
      linkedObjects: list(detail.linkedObjects),
      attributes,
      messages,
      omitted,
    },
    cut,
  };
}
