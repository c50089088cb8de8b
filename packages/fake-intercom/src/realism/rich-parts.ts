import type {
  ConversationSkeleton,
  SkeletonContext,
  SkeletonPart,
} from '../workspace/conversation-skeleton.js';
import { part } from '../workspace/conversation-skeleton.js';
import { Random, hashSeed } from '../workspace/random.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * The part types beyond comment/note/assignment/open/close that live conversations carry (spec examples,
 * singer-io/tap-intercom#65), most with a null body, and the extra fields real parts come with:
 * attachments, tags, quick-reply `metadata`, `event_details`, `email_message_metadata`,
 * `app_package_code` (REAL-API-BEHAVIOUR.md, "Conversations and parts"). realism.richParts only.
 */

export type RichPartType =
  | 'quick_reply'
  | 'custom_action_started'
  | 'custom_action_finished'
  | 'conversation_attribute_updated_by_admin'
  | 'conversation_attribute_updated_by_workflow'
  | 'ticket_state_updated_by_admin'
  | 'ticket_attribute_updated_by_admin'
  | 'assign_and_reopen'
  | 'participant_added'
  | 'operator_workflow_event';

type Json = Record<string, unknown>;

/** Share of conversations that carry rich parts. */
const RICH_SHARE = 0.3;
const ACTIONS = [
  'Jira Create Issue',
  'Shopify Refund Order',
  'Stripe Look Up Customer',
  'Create Salesforce Case',
];
const APP_PACKAGES = ['jira-for-intercom', 'shopify', 'stripe', 'salesforce'];
const ATTRIBUTES = ['jira_issue_key', 'order_number', 'plan', 'cx_category'];
const WORKFLOWS = ['Route billing questions', 'Qualify new leads', 'After-hours autoresponder'];
const QUICK_REPLIES: readonly (readonly string[])[] = [
  ['Track my order', 'Talk to a person', 'Something else'],
  ['Yes, that helped', 'No, I still need help'],
  ['Billing', 'Technical issue', 'Account access', 'Other'],
];

/** One bot or teammate event, as one part or an action's started/finished pair. */
function richEvent(random: Random, context: SkeletonContext, at: number): SkeletonPart[] {
  const admin = random.int(context.adminCount);
  switch (random.int(7)) {
    case 0:
      return [part('quick_reply', 'bot', -1, at, true)];
    case 1:
      return [
        part('custom_action_started', 'admin', admin, at, false),
        part('custom_action_finished', 'admin', admin, at, false),
      ];
    case 2:
      return [part('conversation_attribute_updated_by_admin', 'admin', admin, at, false)];
    case 3:
      return [part('conversation_attribute_updated_by_workflow', 'bot', -1, at, false)];
    case 4:
      return [part('ticket_state_updated_by_admin', 'admin', admin, at, false)];
    case 5:
      return [part('participant_added', 'admin', admin, at, false)];
    default:
      return [part('operator_workflow_event', 'bot', -1, at, false)];
  }
}

/**
 * Makes a seeded share of conversations rich: some teammate reopens become `assign_and_reopen`, and one
 * to four events are slotted between existing parts (times stay in order, updated_at does not move).
 * Returns whether the conversation is rich.
 */
export function addRichParts(seed: number, parts: SkeletonPart[], context: SkeletonContext): boolean {
  const random = new Random(hashSeed(seed, 0x71c));
  if (!random.chance(RICH_SHARE) || parts.length === 0) return false;
  for (const item of parts) {
    if (item.type !== 'open' || item.author !== 'admin' || !random.chance(0.5)) continue;
    item.type = 'assign_and_reopen';
    item.assignAdmin = item.adminIndex;
    item.assignTeam = random.int(context.teamCount);
  }
  const events = random.between(1, 4);
  for (let i = 0; i < events; i++) {
    const after = random.int(parts.length);
    const previous = parts[after]?.createdAt ?? 0;
    const next = parts[after + 1]?.createdAt ?? previous;
    const at = previous + Math.floor(random.next() * (next - previous));
    parts.splice(after + 1, 0, ...richEvent(random, context, at));
  }
  return true;
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 4 }, () => random.uint32().toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function eventDetails(random: Random, item: SkeletonPart): Json | null {
  switch (item.type) {
    case 'custom_action_started':
      return { action: { name: random.pick(ACTIONS) } };
    case 'custom_action_finished':
      return { action: { name: random.pick(ACTIONS), result: random.chance(0.85) ? 'success' : 'failed' } };
    case 'conversation_attribute_updated_by_admin':
      return {
        attribute: { name: random.pick(ATTRIBUTES) },
        value: { name: `PROJ-${random.between(100, 999)}`, previous: random.chance(0.5) ? null : 'PROJ-1' },
      };
    case 'conversation_attribute_updated_by_workflow':
      return {
        workflow: { name: random.pick(WORKFLOWS) },
        attribute: { name: random.pick(ATTRIBUTES) },
        value: { name: random.pick(['vip', 'standard', 'trial']) },
      };
    case 'operator_workflow_event':
      return {
        workflow: { name: random.pick(WORKFLOWS) },
        event: { type: 'wait_finished', result: 'Finished waiting' },
      };
    default:
      return null;
  }
}

/** The fields a rich conversation's part carries beyond the plain ones, keyed as the API sends them. */
export interface RichPartFields {
  attachments: Json[];
  email_message_metadata: Json | null;
  metadata: Json | null;
  tags: Json[];
  event_details: Json | null;
  app_package_code: string | null;
}

/** The rich fields of one part, from (workspace seed, conversation, position): the same every time. */
export function richPartFields(
  workspace: Workspace,
  index: number,
  position: number,
  skeleton: ConversationSkeleton,
  item: SkeletonPart,
  author: Json,
  attachments: Json[],
): RichPartFields {
  const random = new Random(hashSeed(workspace.seed, 0x7c, index, position));
  const directory = workspace.directory;
  const fields: RichPartFields = {
    attachments,
    email_message_metadata: null,
    metadata: null,
    tags: [],
    event_details: eventDetails(random, item),
    app_package_code: null,
  };
  if (item.type === 'custom_action_started' || item.type === 'custom_action_finished')
    fields.app_package_code = APP_PACKAGES[hashSeed(index, position) % APP_PACKAGES.length] ?? null;
  if (item.type === 'quick_reply') {
    const options = random
      .pick(QUICK_REPLIES)
      .map((text) => ({ text, uuid: uuid(random), translations: null }));
    fields.metadata = { quick_reply_options: options };
  }
  if (item.type !== 'comment' && item.type !== 'note') return fields;
  if (random.chance(0.1)) {
    const tag = directory.tag(random.int(directory.tags.length));
    fields.tags = [{ type: 'tag', id: tag.id, name: tag.name }];
  }
  if (item.author === 'admin' && random.chance(0.1)) fields.app_package_code = 'fake-api-client';
  if (item.author === 'contact' && attachments.length === 0 && random.chance(0.08)) {
    fields.attachments = [
      {
        type: 'upload',
        name: 'invoice.pdf',
        url: `https://downloads.intercomcdn.com/i/o/${random.uint32()}/invoice.pdf`,
        content_type: 'application/pdf',
        filesize: 40_000 + random.int(900_000),
      },
    ];
  }
  const email = typeof author.email === 'string' ? author.email : null;
  if (item.type === 'comment' && skeleton.sourceType === 'email' && email !== null) {
    fields.email_message_metadata = {
      subject: 'Re: your message',
      email_address_headers: [{ type: 'from', email_address: email, name: author.name ?? null }],
      message_id: `<${random.uint32().toString(36)}.${index}@mail.fake-intercom.example>`,
    };
  }
  return fields;
}
