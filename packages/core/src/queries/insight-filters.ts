import { FicError } from '../errors.js';
import { attributeComparison, attributeConditionSql, parseAttributeComparison } from './attribute-filters.js';
import type { AiAgentFilter, ConversationFilters, SlaStatus } from './query-types.js';

/**
 * The filters over what Intercom's AI and workflow features put on a conversation: custom attributes
 * (where the CX Score lives too), Fin's part in it, and the SLA outcome. Conditions are on the
 * `conversations` table aliased `c`; each reads an indexed column or the custom_attributes JSON.
 */
export const AI_AGENT_FILTERS: readonly AiAgentFilter[] = [
  'participated',
  'not_participated',
  'resolved',
  'handed_over',
  'assumed_resolution',
  'confirmed_resolution',
  'escalated',
  'negative_feedback',
  'procedure_handoff',
];

export const SLA_STATUSES: readonly SlaStatus[] = ['hit', 'missed', 'cancelled', 'active'];

const AI_AGENT_STATES: Partial<Record<AiAgentFilter, readonly string[]>> = {
  resolved: ['assumed_resolution', 'confirmed_resolution'],
  handed_over: ['escalated', 'procedure_handoff'],
};

export function insightFilterConditions(filters: ConversationFilters): {
  conditions: string[];
  params: unknown[];
} {
  const conditions: string[] = [];
  const params: unknown[] = [];

  for (const entry of filters.attributes ?? []) {
    const comparison =
      typeof entry === 'string'
        ? parseAttributeComparison(entry)
        : attributeComparison(entry.name, entry.op, entry.value);
    const { condition, params: values } = attributeConditionSql('c.custom_attributes', comparison);
    conditions.push(condition);
    params.push(...values);
  }

  if (filters.cxScore !== undefined) {
    const { op, value } = cxScoreBound(filters.cxScore);
    conditions.push(`c.cx_score_rating ${op === '!=' ? '<>' : op} ?`);
    params.push(value);
  }

  if (filters.aiAgent !== undefined) {
    const filter = filters.aiAgent;
    if (!AI_AGENT_FILTERS.includes(filter)) {
      throw new FicError('invalid_input', `aiAgent must be one of ${AI_AGENT_FILTERS.join(', ')}`, {
        details: { field: 'aiAgent' },
      });
    }
    if (filter === 'participated') conditions.push('c.ai_agent_participated = 1');
    else if (filter === 'not_participated') conditions.push('coalesce(c.ai_agent_participated, 0) = 0');
    else {
      const states = AI_AGENT_STATES[filter] ?? [filter];
      conditions.push(
        `c.ai_agent_participated = 1 AND c.ai_agent_resolution_state IN (${states.map(() => '?').join(', ')})`,
      );
      params.push(...states);
    }
  }

  if (filters.slaStatus !== undefined) {
    if (!SLA_STATUSES.includes(filters.slaStatus)) {
      throw new FicError('invalid_input', `slaStatus must be one of ${SLA_STATUSES.join(', ')}`, {
        details: { field: 'slaStatus' },
      });
    }
    conditions.push('c.sla_status = ?');
    params.push(filters.slaStatus);
  }
  return { conditions, params };
}

/** '<=2', '>= 4', '3' or 3 -> an operator and a number (CX Score is 1-5). */
function cxScoreBound(value: string | number): { op: string; value: number } {
  const match = /^\s*(<=|>=|!=|=|<|>)?\s*(\d+(?:\.\d+)?)\s*$/.exec(String(value));
  if (match === null) {
    throw new FicError(
      'invalid_input',
      `cxScore must be a number or a bound such as <=2 or >=4 (CX Score runs from 1 to 5), not "${String(value).slice(0, 40)}"`,
      { details: { field: 'cxScore' } },
    );
  }
  return { op: match[1] ?? '=', value: Number(match[2]) };
}
