import * as Flags from '@oclif/core/flags';
import { AI_AGENT_FILTERS, SLA_STATUSES } from '@fastintercom/core/queries';
import type { AiAgentFilter, ConversationFilters, SlaStatus } from '@fastintercom/core';
import { timeFlag } from './time-flags.js';

const timeHelp = 'an ISO date or date-time, or a span back from now (90m, 24h, 7d, 2w)';

/** Filters on what Intercom's AI and workflows put on a conversation: search, recent and team take them. */
export const insightFilterFlags = {
  attribute: Flags.string({
    summary:
      'Only conversations whose custom attribute compares so: NAME OP VALUE, OP one of = != < <= > >= ~ (contains). Repeatable.',
    helpValue: '"NAME<=VALUE"',
    multiple: true,
  }),
  'cx-score': Flags.string({
    summary: "Only conversations with this CX Score (Intercom's 1-5 AI rating): 2, <=2, >=4.",
    helpValue: 'BOUND',
  }),
  fin: Flags.option({
    options: AI_AGENT_FILTERS,
    summary:
      'Only conversations where Fin (the AI agent) took part, or did not, or ended so (resolved, handed_over, ...).',
  })(),
  sla: Flags.option({ options: SLA_STATUSES, summary: 'Only conversations whose SLA ended so.' })(),
};

/** The filters `fic search` and `fic recent` share (core's ConversationFilters). */
export const conversationFilterFlags = {
  state: Flags.option({
    options: ['open', 'closed', 'snoozed'] as const,
    summary: 'Only conversations in this state.',
  })(),
  since: timeFlag(`Activity since (inclusive): ${timeHelp}.`),
  until: timeFlag(`Activity until (exclusive): ${timeHelp}.`),
  created: Flags.boolean({ summary: '--since/--until filter on creation time instead of last activity.' }),
  customer: Flags.string({ summary: 'Only conversations with a contact of this email.', helpValue: 'EMAIL' }),
  assignee: Flags.string({ summary: 'Only conversations assigned to this admin (id, email or name).' }),
  team: Flags.string({ summary: 'Only conversations assigned to this team (id or name).' }),
  tag: Flags.string({ summary: 'Only conversations with this tag (id or name).' }),
  ...insightFilterFlags,
  cursor: Flags.string({ summary: 'The next page: the cursor a previous page printed.' }),
};

export interface ConversationFilterFlagValues {
  state?: 'open' | 'closed' | 'snoozed';
  since?: string;
  until?: string;
  created?: boolean;
  customer?: string;
  assignee?: string;
  team?: string;
  tag?: string;
  attribute?: string[];
  'cx-score'?: string;
  fin?: AiAgentFilter;
  sla?: SlaStatus;
}

export function toConversationFilters(flags: ConversationFilterFlagValues): ConversationFilters {
  return {
    state: flags.state,
    since: flags.since,
    until: flags.until,
    dateField: flags.created ? 'created' : undefined,
    customerEmail: flags.customer,
    adminAssignee: flags.assignee,
    teamAssignee: flags.team,
    tag: flags.tag,
    ...toInsightFilters(flags),
  };
}

export function toInsightFilters(
  flags: Pick<ConversationFilterFlagValues, 'attribute' | 'cx-score' | 'fin' | 'sla'>,
): Pick<ConversationFilters, 'attributes' | 'cxScore' | 'aiAgent' | 'slaStatus'> {
  return {
    attributes: flags.attribute,
    cxScore: flags['cx-score'],
    aiAgent: flags.fin,
    slaStatus: flags.sla,
  };
}
