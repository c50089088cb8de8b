import type {
  CompanyContextResult,
  PersonRef,
  TicketDetail,
  TicketMessage,
  TicketSummary,
} from '@fastintercom/core';
import { renderDetails } from './details.js';
import { renderTable } from './table.js';
import { renderTeamPerformance } from './team-table.js';
import { terminalLine, terminalText } from './terminal-text.js';
import { formatTimestamp } from './units.js';

/** `fic ticket` for people: a header of facts, the attributes, then the thread as a transcript. */
export function renderTicket(detail: TicketDetail): string {
  const header = renderDetails([
    [
      'Ticket',
      `${detail.id}${detail.ticketNumber ? ` (#${detail.ticketNumber})` : ''}${detail.title ? `: ${detail.title}` : ''}`,
    ],
    ['Type', [detail.type?.name ?? detail.type?.id, detail.category].filter(Boolean).join(', ')],
    ['State', stateText(detail)],
    ['Customer', person(detail.customer)],
    ['Other contacts', detail.contacts.slice(1).map(person).join(', ')],
    [
      'Assigned to',
      [person(detail.adminAssignee), detail.teamAssignee?.name ?? detail.teamAssignee?.id]
        .filter(Boolean)
        .join(' / '),
    ],
    ['Created', formatTimestamp(detail.createdAt)],
    ['Updated', formatTimestamp(detail.updatedAt)],
    ['Snoozed until', detail.snoozedUntil && formatTimestamp(detail.snoozedUntil)],
    ['Linked', detail.linkedObjects.map((link) => `${link.type} ${link.id}`).join(', ')],
    ['Parts', `${detail.partsStored} stored of ${detail.partsTotalCount}`],
  ]);
  const lines: string[] = [header];
  if (detail.description) lines.push('', terminalText(detail.description).trim());
  const attributes = Object.entries(detail.attributes).filter(
    ([key]) => key !== '_default_title_' && key !== '_default_description_',
  );
  if (attributes.length > 0) {
    lines.push('', renderDetails(attributes.map(([key, value]) => [key, attributeText(value)])));
  }
  lines.push('');
  if (detail.truncatedByIntercom) {
    lines.push('(Intercom shows only the 500 most recent parts: older ones are missing.)', '');
  }
  for (const message of detail.messages) lines.push(...renderMessage(message));
  if (detail.omitted !== null) {
    lines.push(
      `  … ${detail.omitted.count} more parts (use --max-parts or --from ${detail.omitted.fromPosition}) …`,
    );
  }
  return lines.join('\n').trimEnd();
}

/** `fic tickets`: one line per ticket. */
export function renderTicketList(tickets: readonly TicketSummary[]): string {
  if (tickets.length === 0) return 'No tickets match.';
  return renderTable(tickets, [
    { header: 'ID', value: (ticket) => ticket.id },
    { header: '#', value: (ticket) => ticket.ticketNumber },
    { header: 'Updated', value: (ticket) => formatTimestamp(ticket.updatedAt) },
    {
      header: 'State',
      value: (ticket) => ticket.state.internalLabel ?? ticket.state.category,
      flexible: true,
    },
    { header: 'Type', value: (ticket) => ticket.type?.name ?? ticket.category, flexible: true },
    { header: 'Customer', value: (ticket) => person(ticket.customer), flexible: true },
    { header: 'Title', value: (ticket) => ticket.title, flexible: true },
    ...(tickets.some((ticket) => 'snippet' in ticket && ticket.snippet !== '')
      ? [{ header: 'Match', value: (ticket: TicketSummary) => matchOf(ticket), flexible: true }]
      : []),
  ]);
}

function matchOf(ticket: TicketSummary): string {
  return 'snippet' in ticket && typeof ticket.snippet === 'string' ? ticket.snippet.replaceAll('**', '') : '';
}

/** `fic company`: profile, attributes, contacts, recent conversations and tickets, team metrics. */
export function renderCompany(context: CompanyContextResult): string {
  const { company } = context;
  const lines = [
    renderDetails([
      ['Company', `${company.name ?? company.id} (${company.id})`],
      ['Company id', company.companyId],
      ['Plan', company.plan],
      ['Industry', company.industry],
      ['Size', company.size],
      ['Website', company.website],
      ['Monthly spend', company.monthlySpend],
      ['Users', company.userCount],
      ['Sessions', company.sessionCount],
      ['Created', company.createdAt && formatTimestamp(company.createdAt)],
      ['Last seen', company.lastRequestAt && formatTimestamp(company.lastRequestAt)],
      ['Tags', company.tags.join(', ')],
    ]),
  ];
  const attributes = Object.entries(company.customAttributes);
  if (attributes.length > 0) {
    lines.push(
      '',
      'Custom attributes',
      renderDetails(attributes.map(([key, value]) => [`  ${key}`, attributeText(value)])),
    );
  }
  lines.push('', `Contacts (${context.contactCount})`);
  lines.push(
    context.contacts.length === 0
      ? '  none in the copy'
      : context.contacts.map((contact) => `  ${terminalLine(person(contact) ?? contact.id)}`).join('\n'),
  );
  lines.push('', 'Recent conversations');
  lines.push(
    context.recentConversations.length === 0
      ? '  none'
      : renderTable(context.recentConversations, [
          { header: 'ID', value: (conversation) => conversation.id },
          { header: 'Updated', value: (conversation) => formatTimestamp(conversation.updatedAt) },
          { header: 'State', value: (conversation) => conversation.state },
          { header: 'Customer', value: (conversation) => person(conversation.customer), flexible: true },
          { header: 'Subject', value: (conversation) => conversation.title, flexible: true },
        ]),
  );
  lines.push(
    '',
    'Recent tickets',
    context.recentTickets.length === 0 ? '  none' : renderTicketList(context.recentTickets),
  );
  lines.push(
    '',
    'Team performance (conversations of this company)',
    renderTeamPerformance(context.teamPerformance),
  );
  return lines.join('\n').trimEnd();
}

function renderMessage(message: TicketMessage): string[] {
  const who = message.authorName ?? message.authorId ?? 'unknown';
  const change =
    message.state !== null && message.state !== message.previousState
      ? ` ${message.previousState ?? '?'} -> ${message.state}`
      : '';
  const head = terminalLine(
    `[${formatTimestamp(message.createdAt)}] ${who}${message.authorType ? ` (${message.authorType})` : ''} ${message.partType.replaceAll('_', ' ')}${change}`,
  );
  const text = message.body === null ? '' : terminalText(message.body).trim();
  const body = text === '' ? [] : text.split('\n').map((line) => `    ${line}`);
  const files = message.attachments.map(
    (attachment) => `    [attachment] ${terminalLine(attachment.name ?? attachment.url ?? 'unnamed')}`,
  );
  return [head, ...body, ...files, ''];
}

function stateText(ticket: TicketSummary): string {
  const { category, internalLabel } = ticket.state;
  const label =
    internalLabel !== null && internalLabel.toLowerCase() !== category?.replaceAll('_', ' ')
      ? internalLabel
      : null;
  return [category, label && `"${label}"`, ticket.open ? 'open' : 'closed'].filter(Boolean).join(', ');
}

function attributeText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function person(ref: PersonRef | null | undefined): string | null {
  if (!ref) return null;
  if (ref.name && ref.email) return `${ref.name} <${ref.email}>`;
  return ref.name ?? ref.email ?? ref.id;
}
