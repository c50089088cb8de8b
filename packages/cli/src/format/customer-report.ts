import type { CustomerContextResult } from '@fastintercom/core';
import { renderCustomerConversations } from './conversation-tables.js';
import { renderDetails } from './details.js';
import { renderTicketList } from './ticket-report.js';
import { formatDuration, formatTimestamp } from './units.js';

/** `fic customer` for people: profile, the window's numbers, its conversations, recurring topics. */
export function renderCustomerContext(context: CustomerContextResult): string {
  const { profile } = context;
  const place = [profile.city, profile.country].filter(Boolean).join(', ');
  const sections = [
    renderDetails([
      [
        'Customer',
        [profile.name, profile.email && `<${profile.email}>`].filter(Boolean).join(' ') || profile.id,
      ],
      [
        'Contact',
        `${profile.id}${profile.role ? ` (${profile.role})` : ''}${profile.complete ? '' : ', known only from conversations'}`,
      ],
      ['Other contacts', context.otherContactIds.join(', ')],
      ['Phone', profile.phone],
      ['Location', place],
      ['Signed up', profile.signedUpAt && formatTimestamp(profile.signedUpAt)],
      ['Last seen', profile.lastSeenAt && formatTimestamp(profile.lastSeenAt)],
    ]),
    renderDetails([
      ['Window', `${formatTimestamp(context.window.since)} to ${formatTimestamp(context.window.until)}`],
      [
        'Conversations',
        `${context.conversationCount} in the window (${context.openCount} open), ${context.allTimeConversationCount} in all`,
      ],
      [
        'First reply',
        context.firstResponse.count === 0
          ? 'no replies yet'
          : `median ${formatDuration(context.firstResponse.medianSeconds)}, average ${formatDuration(context.firstResponse.averageSeconds)} over ${context.firstResponse.count}`,
      ],
      [
        'Ratings',
        context.ratings.count === 0
          ? 'none'
          : `${context.ratings.average}/5 average over ${context.ratings.count}`,
      ],
      [
        'Recurring topics',
        context.recurringTopics.map((topic) => `${topic.topic} (${topic.conversations})`).join(', '),
      ],
    ]),
    renderCustomerConversations(context.conversations),
  ];
  if (context.tickets.length > 0) sections.push(`Tickets\n${renderTicketList(context.tickets)}`);
  return sections.join('\n\n');
}
