import { contactJson } from '../routes/contact-routes.js';
import { adminJson, teamJson } from '../routes/directory-routes.js';
import { PART_LIMIT, renderConversationWithAllParts } from './conversation-renderer.js';
import { htmlToPlainText } from './html-text.js';
import type { TruthCompany, TruthTicket } from './ticket-truth.js';
import { companiesTruth, ticketTypesTruth, ticketsTruth } from './ticket-truth.js';
import type { Workspace } from './workspace.js';

/** The ground truth a test compares a sync against: what a perfect client would have stored. */

export interface TruthPart {
  id: string;
  part_type: string;
  /** HTML as the API sends it (null for parts without a body). */
  body: string | null;
  body_text: string | null;
  author: { type: string; id: string };
  author_type: string;
  author_id: string;
  created_at: number;
  /** The richer fields, each only when the API sends something there (see realism/rich-parts.ts). */
  attachments?: { name: string; url: string; content_type: string }[];
  /** Tag ids. */
  tags?: string[];
  metadata?: Record<string, unknown>;
  event_details?: Record<string, unknown>;
  email_message_metadata?: Record<string, unknown>;
  app_package_code?: string;
}

export interface TruthConversation {
  id: string;
  created_at: number;
  updated_at: number;
  state: string;
  open: boolean;
  read: boolean;
  priority: string;
  /** Admin / team id as a string, null when unassigned. */
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  contact_ids: string[];
  tag_ids: string[];
  title: string | null;
  /** subject is null (not '') when there is none, with realism.explicitNulls. */
  source: { subject: string | null; body: string; author: { type: string; id: string } };
  source_body: string;
  /** Parts the conversation has in total (conversation_parts.total_count). */
  parts_total_count: number;
  /** statistics.count_conversation_parts as the API reports it (total + 1 with countsOpeningMessage; null when statistics is). */
  count_conversation_parts: number | null;
  /** Parts visible through the API: at most the 500 most recent, oldest first. */
  parts: TruthPart[];
  /**
   * Every part ever, oldest first; `parts` is its tail. A copy that synced before the thread outgrew the
   * window may rightly hold the older ones.
   */
  parts_all: TruthPart[];
  /** Ids of the conversations in linked_objects (a merged conversation names its primary). */
  linked_objects: string[];
}

export interface WorkspaceTruth {
  now: number;
  /** Every conversation not deleted, oldest first. */
  conversations: TruthConversation[];
  /** Deleted conversations, in the order they were deleted. */
  deleted: { id: string; deleted_at: number }[];
  admins: Record<string, unknown>[];
  teams: Record<string, unknown>[];
  tags: { type: 'tag'; id: string; name: string }[];
  /** Every current contact as GET /contacts/{id} answers it: edits applied, merged ones left out. */
  contacts: Record<string, unknown>[];
  /** Contacts merged into another (`into`), in the order they were merged. */
  merged_contacts: { id: string; into: string }[];
  /** Every ticket not deleted, in creation order, with its parts. */
  tickets: TruthTicket[];
  /** Deleted tickets, in the order they were deleted (the API lists none: a sync sees them as 404s). */
  deleted_tickets: { id: string; deleted_at: number }[];
  /** As GET /ticket_types lists them. */
  ticket_types: Record<string, unknown>[];
  /** Every company as GET /companies/{id} answers it, with the ids of its live contacts. */
  companies: TruthCompany[];
}

interface RenderedPart {
  id: string;
  part_type: string;
  body: string | null;
  author: { type: string; id: string };
  created_at: number;
  attachments: { name: string; url: string; content_type: string }[];
  tags: { id: string }[];
  metadata?: Record<string, unknown> | null;
  event_details: Record<string, unknown> | null;
  email_message_metadata: Record<string, unknown> | null;
  app_package_code: string | null;
}

interface Rendered {
  id: string;
  created_at: number;
  updated_at: number;
  state: string;
  open: boolean;
  read: boolean;
  priority: string;
  admin_assignee_id: number;
  team_assignee_id: number;
  contacts: { contacts: { id: string }[] };
  tags: { tags: { id: string }[] };
  title: string | null;
  source: { subject: string | null; body: string; author: { type: string; id: string } };
  statistics: { count_conversation_parts: number } | null;
  linked_objects: { data: { id: string }[] };
  conversation_parts: { conversation_parts: RenderedPart[]; total_count: number };
}

function truthPart(part: RenderedPart): TruthPart {
  const truth: TruthPart = {
    id: part.id,
    part_type: part.part_type,
    body: part.body,
    body_text: part.body === null ? null : htmlToPlainText(part.body),
    author: { type: part.author.type, id: part.author.id },
    author_type: part.author.type,
    author_id: part.author.id,
    created_at: part.created_at,
  };
  if (part.attachments.length > 0)
    truth.attachments = part.attachments.map(({ name, url, content_type }) => ({ name, url, content_type }));
  if (part.tags.length > 0) truth.tags = part.tags.map((tag) => tag.id);
  if (part.metadata !== undefined && part.metadata !== null) truth.metadata = part.metadata;
  if (part.event_details !== null) truth.event_details = part.event_details;
  if (part.email_message_metadata !== null) truth.email_message_metadata = part.email_message_metadata;
  if (part.app_package_code !== null) truth.app_package_code = part.app_package_code;
  return truth;
}

export function workspaceTruth(workspace: Workspace): WorkspaceTruth {
  const conversations: TruthConversation[] = [];
  for (let index = 0; index < workspace.count; index++) {
    if (workspace.isDeleted(index)) continue;
    // Rendering through the API's own code keeps the truth and the responses in step.
    const c = renderConversationWithAllParts(workspace, index) as unknown as Rendered;
    const all = c.conversation_parts.conversation_parts.map(truthPart);
    conversations.push({
      id: c.id,
      created_at: c.created_at,
      updated_at: c.updated_at,
      state: c.state,
      open: c.open,
      read: c.read,
      priority: c.priority,
      admin_assignee_id: c.admin_assignee_id === 0 ? null : String(c.admin_assignee_id),
      team_assignee_id: c.team_assignee_id === 0 ? null : String(c.team_assignee_id),
      contact_ids: c.contacts.contacts.map((contact) => contact.id),
      tag_ids: c.tags.tags.map((tag) => tag.id),
      title: c.title,
      source: {
        subject: c.source.subject,
        body: c.source.body,
        author: { type: c.source.author.type, id: c.source.author.id },
      },
      source_body: c.source.body,
      parts_total_count: c.conversation_parts.total_count,
      count_conversation_parts: c.statistics?.count_conversation_parts ?? null,
      parts: all.slice(-PART_LIMIT),
      parts_all: all,
      linked_objects: c.linked_objects.data.map((linked) => linked.id),
    });
  }
  const directory = workspace.directory;
  const contacts: Record<string, unknown>[] = [];
  for (let index = 0; index < directory.contactCount; index++) {
    if (!directory.isMerged(index)) contacts.push(contactJson(directory.contact(index), workspace));
  }
  return {
    now: workspace.now,
    conversations,
    deleted: workspace
      .deletions()
      .map(({ index, deletedAt }) => ({ id: workspace.idOf(index), deleted_at: deletedAt })),
    admins: directory.admins.map(adminJson),
    teams: directory.teams.map(teamJson),
    tags: directory.tags.map((tag) => ({ type: 'tag', id: tag.id, name: tag.name })),
    contacts,
    merged_contacts: directory
      .mergedContacts()
      .map(({ index, into }) => ({ id: directory.contact(index).id, into: directory.contact(into).id })),
    tickets: ticketsTruth(workspace),
    deleted_tickets: workspace.tickets
      .deletions()
      .map(({ index, deletedAt }) => ({ id: workspace.tickets.ticket(index).id, deleted_at: deletedAt })),
    ticket_types: ticketTypesTruth(workspace),
    companies: companiesTruth(workspace),
  };
}
