import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import type { AdvanceChanges, AdvanceResult } from '../workspace/advance.js';
import { summarizeTicket } from '../workspace/ticket-store.js';
import { workspaceTruth } from '../workspace/truth.js';
import type { Workspace } from '../workspace/workspace.js';
import { renderOptions } from './conversation-routes.js';
import type { RenderedConversations } from './rendered-conversations.js';

const ADVANCE_KEYS = [
  'newConversations',
  'replies',
  'closes',
  'reopens',
  'notes',
  'assignments',
  'deletions',
  'merges',
  'newContacts',
  'contactEdits',
  'contactMerges',
  'newTickets',
  'ticketReplies',
  'ticketStateChanges',
  'ticketAttributeEdits',
  'ticketDeletions',
  'companyEdits',
  'at',
] as const;

/** Parses a POST /_fake/advance body, rejecting anything but non-negative integers. */
export function parseAdvanceChanges(body: unknown): AdvanceChanges {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'bad_request', 'Send a JSON object.');
  const changes: AdvanceChanges = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(ADVANCE_KEYS as readonly string[]).includes(key)) {
      throw new ApiError(
        400,
        'parameter_invalid',
        `Unknown change "${key}": use ${ADVANCE_KEYS.join(', ')}.`,
      );
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new ApiError(400, 'parameter_invalid', `${key} must be a non-negative integer.`);
    }
    changes[key as (typeof ADVANCE_KEYS)[number]] = value;
  }
  return changes;
}

interface Stamp {
  id: string;
  updated_at: number;
  parts_total_count: number;
}

/** The record store as stamps: what a copy's completeness is judged by. */
function truthStamps(workspace: Workspace): {
  conversations: Stamp[];
  deleted: string[];
  tickets: Stamp[];
  deleted_tickets: string[];
} {
  const conversations: Stamp[] = [];
  for (let index = 0; index < workspace.count; index++) {
    if (workspace.isDeleted(index)) continue;
    conversations.push({
      id: workspace.idOf(index),
      updated_at: workspace.updatedAt[index] ?? 0,
      parts_total_count: workspace.partsTotal[index] ?? 0,
    });
  }
  const tickets: Stamp[] = [];
  const store = workspace.tickets;
  for (let index = 0; index < store.count; index++) {
    if (store.isDeleted(index)) continue;
    const ticket = store.ticket(index);
    tickets.push({
      id: ticket.id,
      updated_at: summarizeTicket(ticket).updatedAt,
      parts_total_count: ticket.parts.length,
    });
  }
  return {
    conversations,
    deleted: workspace.deletions().map(({ index }) => workspace.idOf(index)),
    tickets,
    deleted_tickets: store.deletions().map(({ index }) => store.ticket(index).id),
  };
}

/** Test-control endpoints (not part of Intercom's API). */
export function fakeRoutes(
  rendered: RenderedConversations,
  advance: (changes: AdvanceChanges) => AdvanceResult,
): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/_fake\/advance$/,
      name: 'POST /_fake/advance',
      control: true,
      handle: ({ body }) => ({ body: advance(parseAdvanceChanges(body)) }),
    },
    {
      method: 'GET',
      pattern: /^\/_fake\/truth$/,
      name: 'GET /_fake/truth',
      control: true,
      // ?shape=stamps: each conversation's id, updated_at and part count only, and the deleted ids, so a
      // benchmark can check a copy of 44,000 conversations without a truth hundreds of MB long.
      handle: ({ workspace, url }) => ({
        body: url.searchParams.get('shape') === 'stamps' ? truthStamps(workspace) : workspaceTruth(workspace),
      }),
    },
    {
      // Renders every conversation as GET /conversations/{id} with the same query and Intercom-Version
      // would, so a benchmark can take generating the workspace out of what it measures.
      method: 'POST',
      pattern: /^\/_fake\/prerender$/,
      name: 'POST /_fake/prerender',
      control: true,
      handle: (request) => ({ body: rendered.prerender(renderOptions(request)) }),
    },
  ];
}
