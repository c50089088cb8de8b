import { contactJson } from '../routes/contact-routes.js';
import { adminJson, teamJson } from '../routes/directory-routes.js';
import { renderConversation } from './conversation-renderer.js';
import { htmlToPlainText } from './html-text.js';
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
  source: { subject: string; body: string; author: { type: string; id: string } };
  source_body: string;
  /** Parts the conversation has in total (statistics.count_conversation_parts). */
  parts_total_count: number;
  /** Parts visible through the API: at most the 500 most recent, oldest first. */
  parts: TruthPart[];
}

export interface WorkspaceTruth {
  now: number;
  conversations: TruthConversation[];
  admins: Record<string, unknown>[];
  teams: Record<string, unknown>[];
  tags: { type: 'tag'; id: string; name: string }[];
  contacts: Record<string, unknown>[];
}

interface RenderedPart {
  id: string;
  part_type: string;
  body: string | null;
  author: { type: string; id: string };
  created_at: number;
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
  source: { subject: string; body: string; author: { type: string; id: string } };
  conversation_parts: { conversation_parts: RenderedPart[]; total_count: number };
}

export function workspaceTruth(workspace: Workspace): WorkspaceTruth {
  const conversations: TruthConversation[] = [];
  for (let index = 0; index < workspace.count; index++) {
    // Rendering through the API's own code keeps the truth and the responses in step.
    const c = renderConversation(workspace, index, true, {
      legacy: false,
      plaintext: false,
    }) as unknown as Rendered;
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
      parts: c.conversation_parts.conversation_parts.map((part) => ({
        id: part.id,
        part_type: part.part_type,
        body: part.body,
        body_text: part.body === null ? null : htmlToPlainText(part.body),
        author: { type: part.author.type, id: part.author.id },
        author_type: part.author.type,
        author_id: part.author.id,
        created_at: part.created_at,
      })),
    });
  }
  const directory = workspace.directory;
  return {
    now: workspace.now,
    conversations,
    admins: directory.admins.map(adminJson),
    teams: directory.teams.map(teamJson),
    tags: directory.tags.map((tag) => ({ type: 'tag', id: tag.id, name: tag.name })),
    contacts: Array.from({ length: directory.contactCount }, (_, index) =>
      contactJson(directory.contact(index), workspace.workspaceId),
    ),
  };
}
