import type { ConversationSummaryResult } from './query-types.js';
import { formatDuration } from './summary-text.js';

/** The summary as short Markdown, for people and for assistants that want one block of text. */
export function renderSummaryText(summary: Omit<ConversationSummaryResult, 'text'>): string {
  const { timeline } = summary;
  const customer =
    summary.customer === null
      ? 'unknown customer'
      : (summary.customer.name ?? summary.customer.email ?? summary.customer.id);
  const facts = [`opened ${timeline.openedAt}`];
  if (timeline.firstResponseSeconds !== null)
    facts.push(`first response after ${formatDuration(timeline.firstResponseSeconds)}`);
  else if (timeline.firstResponseAt === null) facts.push('no admin reply yet');
  const assignees = [...new Set(timeline.assignments.map((a) => a.toName ?? a.toId ?? '?'))];
  if (assignees.length > 0) facts.push(`assigned to ${assignees.join(', ')}`);
  if (timeline.reopens > 0) facts.push(`reopened ${timeline.reopens}×`);
  if (timeline.closedAt !== null)
    facts.push(`closed ${timeline.closedAt}${timeline.closedBy === null ? '' : ` by ${timeline.closedBy}`}`);
  if (timeline.rating !== null) facts.push(`rated ${timeline.rating.value}/5`);
  if (timeline.tags.length > 0) facts.push(`tags: ${timeline.tags.join(', ')}`);
  return [
    `**${summary.subject ?? '(no subject)'}** (${summary.id}, ${summary.state}, ${customer})`,
    '',
    `**Problem:** ${summary.problem}`,
    '',
    '**What the team did:**',
    ...summary.actions.map((action) => `- ${action}`),
    '',
    `**Resolution:** ${summary.resolution}`,
    '',
    `**Timeline:** ${facts.join('; ')}.`,
  ].join('\n');
}
