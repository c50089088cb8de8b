import type { ConversationSkeleton } from './conversation-skeleton.js';
import { Random, hashSeed } from './random.js';
import type { ConversationSummary } from './statistics.js';
import { topicByIndex } from './body-generator.js';
import { TOPICS } from './topics.js';

/**
 * What Intercom adds to a conversation beyond its messages: custom attributes (with the AI insights it
 * keeps there), Fin's involvement (`ai_agent`), the SLA applied and the channel. Drawn per conversation
 * from a stream of its own (salt 0xca7), so adding them changed nothing a seed already gave.
 *
 * Key names: "CX Score rating" and "CX Score explanation" are the 2.16 spec's own (custom_attributes,
 * intercom/Intercom-OpenAPI#446). Topics and CX Score reasons are lists of objects (#642, not yet in the
 * spec, whose value types allow no lists): their keys ("Topics", "CX Score reasons") and item shapes (the
 * Preview spec's `ai_topic` / `ai_subtopic`; `{type, reason, sentiment}`) are assumed.
 */

type Json = Record<string, unknown>;

const SLA_NAMES = ['First response 1h', 'VIP 15 minutes', 'Next reply 4h'];
const CUSTOM_ISSUE_TYPES = ['Billing', 'Bug', 'How-to', 'Feature request', 'Account'];
const CX_EXPLANATIONS: Record<number, string> = {
  1: 'The customer waited a long time and the issue was not resolved.',
  2: 'The customer had to repeat themselves and left frustrated.',
  3: 'The issue was resolved, but only after several back-and-forth messages.',
  4: 'The conversation was resolved quickly and the customer was satisfied.',
  5: 'The teammate resolved the issue at once and the customer thanked them.',
};
const CX_REASONS = {
  positive: ['Quick resolution', 'Helpful teammate', 'Clear answer'],
  negative: ['Long wait', 'Issue unresolved', 'Repeated information'],
};
const FIN_SOURCES = ['Billing answers', 'Login help', 'General support'];

export interface ConversationInsights {
  customAttributes: Json;
  aiAgentParticipated: boolean;
  aiAgent: Json | null;
  slaApplied: Json | null;
  channel: { initial: string; current: string };
}

export function conversationInsights(
  seed: number,
  index: number,
  skeleton: ConversationSkeleton,
  summary: ConversationSummary,
): ConversationInsights {
  const random = new Random(hashSeed(seed, 0xca7, index));
  const custom: Json = {};
  // Most conversations have no custom attributes; some a few keys of mixed types.
  if (random.chance(0.25)) {
    custom.issue_type = random.pick(CUSTOM_ISSUE_TYPES);
    if (random.chance(0.4)) custom.order_id = `ORD-${random.between(10_000, 99_999)}`;
    if (random.chance(0.25)) custom.refund_amount = Math.round(random.logUniform(5, 900) * 100) / 100;
    if (random.chance(0.3)) custom.escalated = random.chance(0.3);
    if (random.chance(0.15)) custom.jira_issue_key = `PROJ-${random.between(1, 999)}`;
    if (random.chance(0.2)) custom.follow_up_at = skeleton.createdAt + random.between(1, 14) * 86_400;
  }
  const closed = summary.statistics.last_close_at !== null;
  if (closed && random.chance(0.3)) {
    const rating = random.weighted([1, 2, 4, 8, 10]) + 1;
    custom['CX Score rating'] = rating;
    custom['CX Score explanation'] = CX_EXPLANATIONS[rating] ?? '';
    if (random.chance(0.7)) {
      const sentiment = rating >= 4 ? 'positive' : 'negative';
      custom['CX Score reasons'] = [
        { type: 'cx_score_reason', reason: random.pick(CX_REASONS[sentiment]), sentiment },
      ];
    }
  }
  if (random.chance(0.2)) {
    const topic = topicByIndex(random.int(TOPICS.length));
    custom.Topics = [
      {
        type: 'ai_topic',
        topic_name: topic.name.charAt(0).toUpperCase() + topic.name.slice(1),
        subtopics: random.chance(0.6)
          ? [{ type: 'ai_subtopic', name: random.pick(topic.subjects), id: 40 + random.int(60) }]
          : [],
      },
    ];
  }
  const botTookPart = skeleton.parts.some((part) => part.author === 'bot');
  const teammateReplied = skeleton.parts.some((part) => part.author === 'admin' && part.type === 'comment');
  let aiAgent: Json | null = null;
  if (botTookPart) {
    const answered = random.chance(0.8);
    const resolution = !answered
      ? null
      : teammateReplied
        ? random.pick(['escalated', 'procedure_handoff', 'negative_feedback'])
        : random.pick(['assumed_resolution', 'assumed_resolution', 'confirmed_resolution']);
    const rated = answered && random.chance(0.3);
    const rating = rated ? (teammateReplied ? random.between(1, 3) : random.between(3, 5)) : null;
    const sources = answered ? random.between(1, 3) : 0;
    const at = skeleton.createdAt + random.between(5, 120);
    aiAgent = {
      source_type: random.pick(['workflow', 'workflow', 'profile', 'essentials_plan_setup']),
      source_title: null,
      last_answer_type: answered ? random.pick(['ai_answer', 'ai_answer', 'custom_answer']) : null,
      resolution_state: resolution,
      rating,
      rating_remark: rating === null ? null : rating >= 4 ? 'Very helpful!' : 'Did not answer my question',
      created_at: rated ? at : null,
      updated_at: rated ? at : null,
      content_sources: {
        type: 'content_source.list',
        total_count: sources,
        content_sources: Array.from({ length: sources }, (_, position) => {
          const id = 3_234_000 + random.int(1000);
          const kind = random.pick(['article', 'content_snippet', 'external_content']);
          return {
            content_type: kind,
            url: `/fin-ai-agent/content?content=${kind}&id=${id}`,
            title: `${random.pick(FIN_SOURCES)} ${position + 1}`,
            locale: 'en',
          };
        }),
      },
    };
    if (aiAgent.source_type !== 'essentials_plan_setup') aiAgent.source_title = 'Fin answers first';
  }
  let slaApplied: Json | null = null;
  if (random.chance(0.3)) {
    const status = !closed
      ? random.pick(['active', 'missed'])
      : random.pick(['hit', 'hit', 'hit', 'missed', 'cancelled']);
    slaApplied = { type: 'conversation_sla_summary', sla_name: random.pick(SLA_NAMES), sla_status: status };
  }
  const initial = skeleton.sourceType === 'email' ? 'email' : 'messenger';
  // Now and then a messenger conversation carries on by email.
  const current = initial === 'messenger' && random.chance(0.05) ? 'email' : initial;
  return {
    customAttributes: custom,
    aiAgentParticipated: aiAgent !== null,
    aiAgent,
    slaApplied,
    channel: { initial, current },
  };
}
