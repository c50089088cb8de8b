import type { ConversationDetail, ConversationMessage, PersonRef } from '@fastintercom/core';
import { renderDetails } from './details.js';
import { terminalLine, terminalText } from './terminal-text.js';
import { formatTimestamp } from './units.js';

/** `fic conversation` for people: a header of facts, then the thread as a transcript. */
export function renderConversation(detail: ConversationDetail): string {
  const header = renderDetails([
    ['Conversation', `${detail.id}${detail.subject ? `: ${detail.subject}` : ''}`],
    [
      'State',
      [detail.state, detail.priority === 'priority' ? 'priority' : null, detail.read ? null : 'unread']
        .filter(Boolean)
        .join(', '),
    ],
    ['Customer', person(detail.customer)],
    ['Other contacts', detail.contacts.slice(1).map(person).join(', ')],
    [
      'Assigned to',
      [person(detail.adminAssignee), detail.teamAssignee?.name ?? detail.teamAssignee?.id]
        .filter(Boolean)
        .join(' / '),
    ],
    ['Tags', detail.tags.map((tag) => tag.name).join(', ')],
    ['Created', formatTimestamp(detail.createdAt)],
    ['Updated', formatTimestamp(detail.updatedAt)],
    ['Waiting since', detail.waitingSince && formatTimestamp(detail.waitingSince)],
    ['Snoozed until', detail.snoozedUntil && formatTimestamp(detail.snoozedUntil)],
    [
      'Rating',
      detail.rating && `${detail.rating.value}/5${detail.rating.remark ? ` "${detail.rating.remark}"` : ''}`,
    ],
    ['Source', detail.sourceUrl],
    ['Parts', `${detail.partsStored} stored of ${detail.partsTotalCount}`],
  ]);
  const lines: string[] = [header, ''];
  if (detail.truncatedByIntercom) {
    lines.push(
      '(Intercom shows only the 500 most recent parts: older ones after the opening message are missing.)',
      '',
    );
  }
  let omissionShown = detail.omitted === null;
  for (const message of detail.messages) {
    if (!omissionShown && detail.omitted !== null && message.position > detail.omitted.toPosition) {
      lines.push(`  … ${detail.omitted.count} parts omitted (use --max-parts to see more) …`, '');
      omissionShown = true;
    }
    lines.push(...renderMessage(message));
  }
  return lines.join('\n').trimEnd();
}

function renderMessage(message: ConversationMessage): string[] {
  const who = message.authorName ?? message.authorId ?? 'unknown';
  const kind = message.partType === 'source' ? 'opened' : message.partType.replaceAll('_', ' ');
  const assigned =
    message.assignedTo === null
      ? ''
      : ` -> ${message.assignedTo.name ?? message.assignedTo.id ?? message.assignedTo.type ?? 'nobody'}`;
  const head = terminalLine(
    `[${formatTimestamp(message.createdAt)}] ${who}${message.authorType ? ` (${message.authorType})` : ''} ${kind}${assigned}`,
  );
  // Keeps the body's lines and tabs; a carriage return becomes a line break instead of overwriting one.
  const text = message.body === null ? '' : terminalText(message.body).trim();
  if (text === '') return [head, ''];
  const body = text.split('\n').map((line) => `    ${line}`);
  return [head, ...body, ''];
}

function person(ref: PersonRef | null | undefined): string | null {
  if (!ref) return null;
  if (ref.name && ref.email) return `${ref.name} <${ref.email}>`;
  return ref.name ?? ref.email ?? ref.id;
}
