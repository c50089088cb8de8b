import { getConversation, getConversationSummary } from '@fastintercom/core/queries';
import { z } from 'zod';
import { intercomUrl } from '../conversation-list-fields.js';
import { clientOffersSampling, summarizeWithClientModel } from '../client-model-summary.js';
import { conversationMarkdown } from '../conversation-markdown.js';
import { conversationUri, transcriptLink } from '../conversation-uri.js';
import { conversationId } from '../input-fields.js';
import { isoTime, personRef, rating, transcriptUri, truncated } from '../output-schemas.js';
import { toSnakeCase } from '@fastintercom/core/snake-case';
import type { ToolContext } from '../tool-context.js';
import { oneLine } from '../tool-results.js';
import { readOnlyAnnotations } from '../tool-registry.js';
import type { ToolRegistry } from '../tool-registry.js';

/** Most actions listed; the text and the transcript cover the rest. */
const MAX_ACTIONS = 20;
/** Most parts of the thread the client's model reads. */
const LLM_MAX_PARTS = 200;

const input = z.strictObject({
  conversation_id: conversationId,
  style: z
    .enum(['deterministic', 'llm'])
    .optional()
    .describe(
      "'deterministic' (default): extracted from the thread, instant. 'llm': written by your client's model " +
        'when the client supports sampling, else deterministic',
    ),
});

const nullableString = z.string().nullable();

const output = z.object({
  id: z.string(),
  subject: nullableString,
  state: z.string(),
  customer: personRef.nullable(),
  problem: z.string().describe("The customer's first messages, key sentences"),
  actions: z.array(z.string()).describe('What the team did, one line each'),
  resolution: z.string(),
  timeline: z.object({
    opened_at: isoTime,
    first_response_at: isoTime.nullable(),
    first_response_seconds: z.number().nullable(),
    assignments: z.array(
      z.object({
        at: isoTime,
        to_type: nullableString,
        to_id: nullableString,
        to_name: nullableString,
        by_name: nullableString,
      }),
    ),
    reopens: z.number(),
    closed_at: isoTime.nullable(),
    closed_by: nullableString,
    rating: rating.nullable(),
    tags: z.array(z.string()),
    admin_replies: z.number(),
    customer_replies: z.number(),
    notes: z.number(),
  }),
  text: z.string().describe('The summary as short Markdown (by the client model when style is llm)'),
  truncated_by_intercom: z.boolean(),
  style: z.enum(['deterministic', 'llm']).describe('How text was written'),
  model: nullableString.describe("The client's model that wrote text; null when deterministic"),
  fallback_reason: nullableString.describe('Why an llm summary was asked for but not given'),
  truncated,
  transcript_uri: transcriptUri,
  intercom_url: intercomUrl,
});

/** The structured answer of the tool, as clients receive it. */
export type GetConversationSummaryOutput = z.output<typeof output>;

export function registerGetConversationSummaryTool(registry: ToolRegistry, context: ToolContext): void {
  registry.register({
    name: 'get_conversation_summary',
    title: 'Summarize conversation',
    description:
      'A short digest of one conversation: the problem, what the team did, how it ended, and a timeline ' +
      '(first response time, assignments, reopens, close, rating). Cheaper than get_conversation for long ' +
      "threads. style 'llm' asks your client's model to write the text (falls back to the deterministic one).",
    input,
    output,
    annotations: readOnlyAnnotations,
    async run(args, extra) {
      const database = await context.database.get();
      const summary = getConversationSummary(database, {
        id: args.conversation_id,
        now: context.nowSeconds(),
      });
      let text = summary.text;
      let model: string | null = null;
      let fallbackReason: string | null = null;
      if (args.style === 'llm') {
        if (!clientOffersSampling(context.server)) {
          fallbackReason = 'The client does not offer sampling; this is the deterministic summary.';
        } else {
          try {
            const detail = getConversation(database, { id: summary.id, maxParts: LLM_MAX_PARTS });
            const written = await summarizeWithClientModel(
              context.server,
              conversationMarkdown(detail),
              extra.signal,
            );
            ({ text, model } = written);
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            fallbackReason = oneLine(
              `The client's model did not answer (${reason}); this is the deterministic summary.`,
            );
          }
        }
      }
      return {
        structured: {
          ...toSnakeCase({ ...summary, text, actions: summary.actions.slice(0, MAX_ACTIONS) }),
          style: model === null ? ('deterministic' as const) : ('llm' as const),
          model,
          fallback_reason: fallbackReason,
          truncated: summary.actions.length > MAX_ACTIONS,
          transcript_uri: conversationUri(summary.id),
          intercom_url: (await context.links()).conversation(summary.id),
        },
        links: [transcriptLink(summary.id, summary.subject)],
      };
    },
  });
}
