import type { ConversationDetail, ConversationMessage, PersonRef } from '@fastintercom/core';

/**
 * A conversation as Markdown: a header of facts, then every message oldest first. What the transcript
 * resource serves and what the client's model reads when asked for a summary.
 */
export function conversationMarkdown(detail: ConversationDetail): string {
  const lines: string[] = [`# ${detail.subject ?? `Conversation ${detail.id}`}`, ''];
  const facts: [string, string | null][] = [
    ['Id', detail.id],
    ['State', detail.state],
    ['Customer', person(detail.customer)],
    ['Other contacts', detail.contacts.slice(1).map(person).join(', ') || null],
    ['Assignee', person(detail.adminAssignee)],
    ['Team', detail.teamAssignee?.name ?? detail.teamAssignee?.id ?? null],
    ['Tags', detail.tags.map((tag) => tag.name).join(', ') || null],
    ['Priority', detail.priority],
    ['Created', detail.createdAt],
    ['Last activity', detail.updatedAt],
    ['Rating', detail.rating === null ? null : ratingText(detail.rating.value, detail.rating.remark)],
    ['Source', detail.sourceUrl],
  ];
  for (const [label, value] of facts) if (value !== null) lines.push(`- **${label}:** ${value}`);
  if (detail.truncatedByIntercom) {
    lines.push(
      '',
      `> Intercom shows only the ${detail.partsStored} most recent of ${detail.partsTotalCount} parts: ` +
        'the thread has a gap after the opening message.',
    );
  }
  lines.push('', '## Messages');
  let previous: ConversationMessage | undefined;
  for (const message of detail.messages) {
    const { omitted } = detail;
    if (omitted !== null && previous !== undefined && previous.position < omitted.fromPosition) {
      if (message.position > omitted.toPosition) lines.push('', `*… ${omitted.count} parts left out …*`);
    }
    lines.push('', ...messageLines(message));
    previous = message;
  }
  return `${lines.join('\n')}\n`;
}

function messageLines(message: ConversationMessage): string[] {
  const author = message.authorName ?? message.authorType ?? 'unknown';
  const role = message.authorType !== null && message.authorName !== null ? ` (${message.authorType})` : '';
  const kind =
    message.partType === 'comment' || message.partType === 'source' ? '' : ` · ${message.partType}`;
  const lines = [`### ${author}${role} · ${message.createdAt}${kind}`];
  if (message.assignedTo !== null) {
    const to = message.assignedTo.name ?? message.assignedTo.id ?? 'nobody';
    lines.push('', `*Assigned to ${to}*`);
  }
  if (message.body !== null && message.body.trim() !== '') lines.push('', message.body.trim());
  return lines;
}

function person(ref: PersonRef | null): string | null {
  if (ref === null) return null;
  const name = ref.name ?? ref.id;
  return ref.email === null ? name : `${name} <${ref.email}>`;
}

function ratingText(value: number, remark: string | null): string {
  return remark === null || remark === '' ? `${value}/5` : `${value}/5 (“${remark}”)`;
}
