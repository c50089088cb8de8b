import type { ConversationDetail, ConversationMessage, OmittedParts, PersonRef } from '@fastintercom/core';

/**
 * What get_conversation may send in one answer, however long the thread or its texts: a model reads the
 * answer whole, and a client buffers it whole. The parts left out are reported (`omitted`) with the
 * cursor that reads them; the text cut shows a marker.
 */
export const ANSWER_BOUNDS = {
  /** Longest message body returned inline; the transcript resource has the rest. */
  bodyChars: 2000,
  /** UTF-8 bytes of the messages (as JSON) in one answer: parts past it are left out like those past max_parts. */
  messageBytes: 128 * 1024,
  /** Subjects, titles, rating remarks and URLs. */
  textChars: 1000,
  /** Names, emails and tag names. */
  nameChars: 200,
  /** Contacts and tags listed. */
  listItems: 50,
} as const;

export interface BoundedConversation {
  detail: ConversationDetail;
  /** Some text was cut or a list shortened (parts left out show in `detail.omitted`). */
  cut: boolean;
}

/**
 * `detail` within ANSWER_BOUNDS. `inOrder`: the detail is a page read from a position (parts dropped for
 * size go at its end); otherwise the thread's start and end are kept and parts go from the middle, next
 * to the gap max_parts already made.
 */
export function boundConversation(detail: ConversationDetail, inOrder: boolean): BoundedConversation {
  let cut = false;
  const text = (value: string | null, max: number): string | null => {
    if (value === null || value.length <= max) return value;
    cut = true;
    return `${value.slice(0, max)}…`;
  };
  const person = (ref: PersonRef): PersonRef => ({
    id: text(ref.id, ANSWER_BOUNDS.nameChars)!,
    name: text(ref.name, ANSWER_BOUNDS.nameChars),
    email: text(ref.email, ANSWER_BOUNDS.nameChars),
  });
  const list = <T>(items: T[]): T[] => {
    if (items.length <= ANSWER_BOUNDS.listItems) return items;
    cut = true;
    return items.slice(0, ANSWER_BOUNDS.listItems);
  };
  const message = (item: ConversationMessage): ConversationMessage => {
    const body =
      item.body !== null && item.body.length > ANSWER_BOUNDS.bodyChars
        ? `${item.body.slice(0, ANSWER_BOUNDS.bodyChars)}… [cut: read the transcript resource]`
        : item.body;
    if (body !== item.body) cut = true;
    return {
      ...item,
      authorName: text(item.authorName, ANSWER_BOUNDS.nameChars),
      body,
      assignedTo:
        item.assignedTo === null
          ? null
          : { ...item.assignedTo, name: text(item.assignedTo.name, ANSWER_BOUNDS.nameChars) },
    };
  };
  const bounded: ConversationDetail = {
    ...detail,
    title: text(detail.title, ANSWER_BOUNDS.textChars),
    subject: text(detail.subject, ANSWER_BOUNDS.textChars),
    sourceUrl: text(detail.sourceUrl, ANSWER_BOUNDS.textChars),
    customer: detail.customer === null ? null : person(detail.customer),
    contacts: list(detail.contacts).map(person),
    adminAssignee: detail.adminAssignee === null ? null : person(detail.adminAssignee),
    teamAssignee:
      detail.teamAssignee === null
        ? null
        : { ...detail.teamAssignee, name: text(detail.teamAssignee.name, ANSWER_BOUNDS.nameChars) },
    tags: list(detail.tags).map((tag) => ({ ...tag, name: text(tag.name, ANSWER_BOUNDS.nameChars)! })),
    rating:
      detail.rating === null
        ? null
        : {
            ...detail.rating,
            remark: text(detail.rating.remark, ANSWER_BOUNDS.textChars),
            teammate: detail.rating.teammate === null ? null : person(detail.rating.teammate),
          },
    ...withinBytes(detail.messages.map(message), detail.omitted, inOrder),
  };
  return { detail: bounded, cut };
}

/**
 * Leaves parts out until the messages fit ANSWER_BOUNDS.messageBytes: from the end of an in-order page,
 * else alternately from either side of the middle (the opening message always stays). The parts left
 * out sit next to those already omitted, so `omitted` stays one range.
 */
function withinBytes(
  messages: ConversationMessage[],
  omitted: OmittedParts | null,
  inOrder: boolean,
): { messages: ConversationMessage[]; omitted: OmittedParts | null } {
  const sizes = messages.map((item) => Buffer.byteLength(JSON.stringify(item)));
  let total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= ANSWER_BOUNDS.messageBytes) return { messages, omitted };
  const kept = messages.map((item, index) => ({ item, size: sizes[index]! }));
  // Messages before `gap` are the start of the thread, from `gap` on its end.
  let gap = inOrder
    ? kept.length
    : omitted === null
      ? Math.ceil(kept.length / 2)
      : kept.findIndex(({ item }) => item.position > omitted.toPosition);
  if (gap < 0) gap = kept.length;
  const dropped: number[] = [];
  let fromStart = true;
  while (total > ANSWER_BOUNDS.messageBytes) {
    const startSide = gap > 0 && kept[gap - 1]!.item.position >= 0 ? gap - 1 : undefined;
    const endSide = !inOrder && gap < kept.length ? gap : undefined;
    const index = (fromStart ? startSide : endSide) ?? startSide ?? endSide;
    if (index === undefined) break;
    const [removed] = kept.splice(index, 1);
    dropped.push(removed!.item.position);
    total -= removed!.size;
    if (index < gap) gap -= 1;
    fromStart = !fromStart;
  }
  if (dropped.length === 0) return { messages, omitted };
  const positions = [...dropped, ...(omitted === null ? [] : [omitted.fromPosition, omitted.toPosition])];
  return {
    messages: kept.map(({ item }) => item),
    omitted: {
      count: (omitted?.count ?? 0) + dropped.length,
      fromPosition: Math.min(...positions),
      toPosition: Math.max(...positions),
    },
  };
}
