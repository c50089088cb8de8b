import { BOT } from './directory.js';
import { generateBody, topicByIndex } from './body-generator.js';
import { PART_LIMIT } from './part-renderer.js';
import type { TicketPartRecord, TicketRecord } from './ticket-generator.js';
import { stateCategory } from './ticket-generator.js';
import { summarizeTicket } from './ticket-store.js';
import type { TicketTypeRecord } from './ticket-types.js';
import { RESOLVED, TICKET_STATES, TICKET_TYPES, attributesOf } from './ticket-types.js';
import type { Workspace } from './workspace.js';

/**
 * Tickets as the 2.16 API renders them (`GET /tickets/{id}` and each item of `POST /tickets/search`), key
 * order as in the spec's examples. `ticket_parts` holds at most the 500 most recent parts, as
 * `conversation_parts` does (the spec: "There is a limit of 500 parts"), with `total_count` counting all.
 */

type Json = Record<string, unknown>;

const PART_TYPES: Record<TicketPartRecord['kind'], string> = {
  comment: 'comment',
  note: 'note',
  state: 'ticket_state_updated_by_admin',
  assignment: 'assignment',
  attribute: 'ticket_attribute_updated_by_admin',
};

export function ticketPartId(ticketIndex: number, position: number): string {
  return String((ticketIndex + 1) * 100_000 + position);
}

function stateJson(state: number): Json {
  const record = TICKET_STATES[state] ?? TICKET_STATES[0];
  return {
    type: 'ticket_state',
    id: record?.id,
    category: record?.category,
    internal_label: record?.internalLabel,
    external_label: record?.externalLabel,
  };
}

export function ticketStateJson(state: number): Json {
  return stateJson(state);
}

export function ticketTypeJson(workspace: Workspace, type: TicketTypeRecord, withStates: boolean): Json {
  const createdAt = workspace.now - 600 * 86_400 + type.index * 86_400;
  const json: Json = {
    type: 'ticket_type',
    id: type.id,
    name: type.name,
    description: type.description,
    icon: type.icon,
    workspace_id: workspace.workspaceId,
    archived: false,
    created_at: createdAt,
    updated_at: createdAt,
    is_internal: type.category !== 'Customer',
    ticket_type_attributes: {
      type: 'list',
      data: attributesOf(type).map((attribute, order) => ({
        type: 'ticket_type_attribute',
        id: attribute.id,
        workspace_id: workspace.workspaceId,
        name: attribute.name,
        description: attribute.description,
        data_type: attribute.dataType,
        input_options:
          attribute.options === undefined
            ? attribute.dataType === 'string'
              ? { multiline: attribute.name === '_default_description_' }
              : {}
            : {
                list_options: attribute.options.map((label, position) => ({
                  id: `${attribute.id}-${position}`,
                  label,
                })),
              },
        order,
        required_to_create: attribute.name === '_default_title_',
        required_to_create_for_contacts: false,
        visible_on_create: true,
        visible_to_contacts: type.category === 'Customer',
        default: attribute.name.startsWith('_default_'),
        ticket_type_id: Number(type.id),
        archived: false,
        created_at: createdAt,
        updated_at: createdAt,
      })),
    },
    category: type.category,
  };
  if (withStates)
    json.ticket_states = { type: 'list', data: TICKET_STATES.map((_, state) => stateJson(state)) };
  return json;
}

function authorJson(workspace: Workspace, part: TicketPartRecord): Json {
  if (part.author === 'bot') return { id: BOT.id, type: 'bot', name: BOT.name, email: BOT.email };
  if (part.author === 'admin') {
    const admin = workspace.directory.admin(part.admin);
    return { id: admin.id, type: 'admin', name: admin.name, email: admin.email };
  }
  const contact = workspace.directory.contact(part.contact);
  const author: Json = { id: contact.id, type: 'user', name: contact.name };
  if (contact.email !== null || workspace.realism.explicitNulls) author.email = contact.email;
  return author;
}

function partJson(
  workspace: Workspace,
  ticket: TicketRecord,
  part: TicketPartRecord,
  position: number,
): Json {
  const json: Json = {
    type: 'ticket_part',
    id: ticketPartId(ticket.index, position),
    part_type: PART_TYPES[part.kind],
  };
  const topic = topicByIndex(ticket.topicIndex);
  json.body =
    part.kind === 'comment' || part.kind === 'note'
      ? generateBody(
          part.seed,
          part.kind === 'note' ? 'note' : part.author === 'contact' ? 'contact' : 'admin',
          topic,
        )
      : null;
  if (part.kind === 'state') {
    json.previous_ticket_state = stateCategory(part.previousState ?? 0);
    json.ticket_state = stateCategory(part.state ?? 0);
  }
  json.created_at = part.at;
  json.updated_at = part.at;
  if (part.kind === 'assignment') {
    const admin = part.assignAdmin ?? -1;
    json.assigned_to = admin < 0 ? null : { type: 'admin', id: workspace.directory.admin(admin).id };
  }
  json.author = authorJson(workspace, part);
  json.attachments = [];
  json.redacted = false;
  if (part.kind === 'attribute' && part.attribute !== undefined) {
    const type = TICKET_TYPES[ticket.typeIndex];
    const attribute =
      type === undefined ? undefined : attributesOf(type).find((item) => item.name === part.attribute?.name);
    json.updated_attribute_data = {
      attribute: {
        type: 'attribute',
        id: attribute?.id ?? '0',
        label: attribute?.description ?? part.attribute.name,
      },
      value: { type: 'value', id: null, label: String(part.attribute.value) },
    };
  }
  return json;
}

/** The ticket's JSON; `updatedAt` overrides the record's (search shows what it indexed), `allParts` skips the window. */
export function renderTicket(
  workspace: Workspace,
  index: number,
  options: { updatedAt?: number; allParts?: boolean } = {},
): Json {
  const ticket = workspace.tickets.ticket(index);
  const type = TICKET_TYPES[ticket.typeIndex] ?? TICKET_TYPES[0];
  if (type === undefined) throw new RangeError('no ticket types');
  const summary = summarizeTicket(ticket);
  const directory = workspace.directory;
  const first = options.allParts === true ? 0 : Math.max(0, ticket.parts.length - PART_LIMIT);
  const parts: Json[] = [];
  for (let position = first; position < ticket.parts.length; position++) {
    const part = ticket.parts[position];
    if (part !== undefined) parts.push(partJson(workspace, ticket, part, position));
  }
  const linked = ticket.linkedConversations.map((conversation) => ({
    type: 'conversation',
    id: workspace.idOf(conversation),
    category: null,
  }));
  const json: Json = {
    type: 'ticket',
    id: ticket.id,
    ticket_id: ticket.ticketId,
    ticket_attributes: { ...ticket.attributes },
    ticket_state: stateJson(summary.state),
    ticket_type: ticketTypeJson(workspace, type, false),
    contacts: {
      type: 'contact.list',
      contacts: ticket.contactIndexes.map((contactIndex) => {
        const contact = directory.contact(contactIndex);
        return { type: 'contact', id: contact.id, external_id: contact.externalId };
      }),
    },
    admin_assignee_id: summary.adminAssignee >= 0 ? Number(directory.admin(summary.adminAssignee).id) : 0,
    team_assignee_id: summary.teamAssignee >= 0 ? Number(directory.team(summary.teamAssignee).id) : 0,
    created_at: ticket.createdAt,
    updated_at: options.updatedAt ?? summary.updatedAt,
    ticket_parts: { type: 'ticket_part.list', ticket_parts: parts, total_count: ticket.parts.length },
    open: summary.state !== RESOLVED,
  };
  // The spec's examples leave snoozed_until out when the ticket is not snoozed.
  if (ticket.snoozedUntil !== null) json.snoozed_until = ticket.snoozedUntil;
  Object.assign(json, {
    linked_objects: { type: 'list', data: linked, total_count: linked.length, has_more: false },
    category: type.category,
    is_shared: ticket.isShared,
    previous_ticket_state_id:
      summary.previousState === null ? null : (TICKET_STATES[summary.previousState]?.id ?? null),
  });
  return json;
}
