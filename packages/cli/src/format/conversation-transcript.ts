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
    ...insightLines(detail),
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

/** CX Score, Fin, SLA, channel, company, links and custom attributes: rows only where there is something. */
function insightLines(detail: ConversationDetail): [string, string | null | undefined][] {
  const { insights } = detail;
  const attributes = Object.entries(insights.customAttributes)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  const fin = insights.aiAgent;
  return [
    [
      'CX Score',
      insights.cxScore &&
        `${insights.cxScore.rating ?? '?'}/5${insights.cxScore.explanation ? ` "${insights.cxScore.explanation}"` : ''}`,
    ],
    ['Topics', insights.topics === null ? null : JSON.stringify(insights.topics)],
    [
      'Fin',
      fin &&
        [fin.resolutionState, fin.rating === null ? null : `rated ${fin.rating}`, fin.sourceTitle]
          .filter(Boolean)
          .join(', '),
    ],
    ['SLA', insights.sla && [insights.sla.name, insights.sla.status].filter(Boolean).join(': ')],
    ['Channel', insights.channel && (insights.channel.current ?? insights.channel.initial)],
    ['Company', insights.companyId],
    ['Linked', insights.linkedObjects.map((item) => `${item.type} ${item.id}`).join(', ')],
    ['Teammates', insights.teammates.map((teammate) => teammate.name ?? teammate.id).join(', ')],
    [
      'Attributes',
      attributes === ''
        ? null
        : `${attributes}${insights.customAttributesOmitted > 0 ? ` (+${insights.customAttributesOmitted} more)` : ''}`,
    ],
  ];
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
  const files = (message.attachments ?? []).map((file) =>
    terminalLine(`    [attachment] ${file.name ?? 'file'}${file.url ? ` ${file.url}` : ''}`),
  );
  if (text === '') return [head, ...files, ''];
  const body = text.split('\n').map((line) => `    ${line}`);
  return [head, ...body, ...files, ''];
}

function person(ref: PersonRef | null | undefined): string | null {
  if (!ref) return null;
  if (ref.name && ref.email) return `${ref.name} <${ref.email}>`;
  return ref.name ?? ref.email ?? ref.id;
}
