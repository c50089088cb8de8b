import { richPartFields } from '../realism/rich-parts.js';
import { generateBody, topicByIndex } from './body-generator.js';
import type { BodyKind } from './body-generator.js';
import type { RenderOptions } from './conversation-renderer.js';
import type { ConversationSkeleton, SkeletonPart } from './conversation-skeleton.js';
import { BOT } from './directory.js';
import { htmlToPlainText } from './html-text.js';
import { hashSeed } from './random.js';
import type { ConversationSummary } from './statistics.js';
import type { Workspace } from './workspace.js';

/** A conversation's parts as the 2.16 API renders them (`conversation_parts`), and their authors. */

/** The API shows at most this many parts: the most recent ones. */
export const PART_LIMIT = 500;

type Json = Record<string, unknown>;

export function partId(index: number, position: number): string {
  return String(10_000_000_000 + index * 100_000 + position);
}

function bodyKind(item: SkeletonPart): BodyKind {
  if (item.author === 'bot') return 'bot';
  if (item.type === 'note') return 'note';
  return item.author === 'contact' ? 'contact' : 'admin';
}

export function partBody(
  workspace: Workspace,
  index: number,
  position: number,
  skeleton: ConversationSkeleton,
  item: SkeletonPart,
): string | null {
  if (!item.hasBody) return null;
  return generateBody(
    hashSeed(workspace.seed, 0xb0, index, position),
    bodyKind(item),
    topicByIndex(skeleton.topic),
  );
}

export function authorOf(
  workspace: Workspace,
  skeleton: ConversationSkeleton,
  item: { author: string; adminIndex: number },
): Json {
  if (item.author === 'bot') return { type: 'bot', id: BOT.id, name: BOT.name, email: BOT.email };
  if (item.author === 'admin') {
    const admin = workspace.directory.admin(item.adminIndex);
    return { type: 'admin', id: admin.id, name: admin.name, email: admin.email };
  }
  const contact = workspace.directory.contact(skeleton.contactIndex);
  const author: Json = { type: contact.role, id: contact.id, name: contact.name };
  if (contact.email !== null || workspace.realism.explicitNulls) author.email = contact.email;
  return author;
}

export function attachmentsOf(body: string | null, seed: number): Json[] {
  if (body === null || !body.includes('intercom-container')) return [];
  const url = /src="([^"]+)"/.exec(body)?.[1] ?? '';
  return [
    {
      type: 'upload',
      name: 'screenshot.png',
      url,
      content_type: 'image/png',
      filesize: 20_000 + (seed % 400_000),
      width: 1280,
      height: 800,
    },
  ];
}

const ASSIGNING: ReadonlySet<string> = new Set(['assignment', 'away_mode_assignment', 'assign_and_reopen']);

function assignedTo(workspace: Workspace, item: SkeletonPart): Json | null {
  if (!ASSIGNING.has(item.type)) return null;
  if (item.assignAdmin >= 0) return { type: 'admin', id: workspace.directory.admin(item.assignAdmin).id };
  if (item.assignTeam >= 0) return { type: 'team', id: workspace.directory.team(item.assignTeam).id };
  return null;
}

function renderPart(
  workspace: Workspace,
  index: number,
  position: number,
  skeleton: ConversationSkeleton,
  summary: ConversationSummary,
  options: RenderOptions,
  item: SkeletonPart,
  author: Json,
): Json {
  const html = partBody(workspace, index, position, skeleton, item);
  const attachments = attachmentsOf(html, hashSeed(index, position));
  const body = html === null || !options.plaintext ? html : htmlToPlainText(html);
  const state = summary.partStates[position] ?? 'open';
  // Two literals rather than one spread into another: spread objects are slow to build and to read,
  // and a workspace renders millions of parts.
  if (!skeleton.rich) {
    return {
      type: 'conversation_part',
      id: partId(index, position),
      part_type: item.type,
      body,
      created_at: item.createdAt,
      updated_at: item.createdAt,
      notified_at: item.createdAt,
      assigned_to: assignedTo(workspace, item),
      author,
      attachments,
      external_id: null,
      redacted: false,
      email_message_metadata: null,
      state,
      tags: [],
      event_details: null,
      app_package_code: null,
    };
  }
  const rich = richPartFields(workspace, index, position, skeleton, item, author, attachments);
  return {
    type: 'conversation_part',
    id: partId(index, position),
    part_type: item.type,
    body,
    created_at: item.createdAt,
    updated_at: item.createdAt,
    notified_at: item.createdAt,
    assigned_to: assignedTo(workspace, item),
    author,
    attachments: rich.attachments,
    external_id: null,
    redacted: false,
    email_message_metadata: rich.email_message_metadata,
    metadata: rich.metadata,
    state,
    tags: rich.tags,
    event_details: rich.event_details,
    app_package_code: rich.app_package_code,
  };
}

/** Parts from `first` (default: the API's window, the 500 most recent) to the last, oldest first. */
export function renderParts(
  workspace: Workspace,
  index: number,
  skeleton: ConversationSkeleton,
  summary: ConversationSummary,
  options: RenderOptions,
  first = Math.max(0, skeleton.parts.length - PART_LIMIT),
): Json {
  const total = skeleton.parts.length;
  const parts: Json[] = [];
  // Contacts are rebuilt on every lookup: the conversation's one contact is built once for all its parts.
  let contactAuthor: Json | undefined;
  for (let position = first; position < total; position++) {
    const item = skeleton.parts[position];
    if (item === undefined) continue;
    const author =
      item.author === 'contact'
        ? (contactAuthor ??= authorOf(workspace, skeleton, item))
        : authorOf(workspace, skeleton, item);
    parts.push(renderPart(workspace, index, position, skeleton, summary, options, item, author));
  }
  return { type: 'conversation_part.list', conversation_parts: parts, total_count: total };
}
