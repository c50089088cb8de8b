import type { CustomerConversation, RecentConversation, SearchHit } from '@fastintercom/core';
import { renderTable } from './table.js';
import { formatDuration, formatTimestamp } from './units.js';

export function renderSearchHits(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'No conversation matches.';
  return renderTable(hits, [
    { header: 'id', value: (hit) => hit.id },
    { header: 'updated', value: (hit) => formatTimestamp(hit.updatedAt) },
    { header: 'state', value: (hit) => hit.state },
    { header: 'subject', value: (hit) => hit.subject, flexible: true },
    { header: 'match', value: (hit) => plainSnippet(hit.snippet), flexible: true },
  ]);
}

export function renderRecentConversations(conversations: readonly RecentConversation[]): string {
  if (conversations.length === 0) return 'No conversations.';
  return renderTable(conversations, [
    { header: 'id', value: (c) => c.id },
    { header: 'updated', value: (c) => formatTimestamp(c.updatedAt) },
    { header: 'state', value: (c) => c.state },
    { header: 'customer', value: (c) => c.customerEmail ?? c.customerName, flexible: true },
    { header: 'assignee', value: (c) => c.adminAssigneeName ?? c.teamAssigneeName, flexible: true },
    { header: 'subject', value: (c) => c.subject, flexible: true },
  ]);
}

export function renderCustomerConversations(conversations: readonly CustomerConversation[]): string {
  if (conversations.length === 0) return 'No conversations in the window.';
  return renderTable(conversations, [
    { header: 'id', value: (c) => c.id },
    { header: 'updated', value: (c) => formatTimestamp(c.updatedAt) },
    { header: 'state', value: (c) => c.state },
    { header: 'first reply', value: (c) => formatDuration(c.firstResponseSeconds), align: 'right' },
    { header: 'rating', value: (c) => c.rating },
    { header: 'subject', value: (c) => c.subject, flexible: true },
    { header: 'tags', value: (c) => c.tags.join(', '), flexible: true },
  ]);
}

/** The query marks matched words **like this** (Markdown): drop the marks in a plain table. */
function plainSnippet(snippet: string): string {
  return snippet.replaceAll('**', '');
}
