import type { ChangeListener, SearchState } from './search-state.js';
import type { TicketContext, TicketPartRecord, TicketRecord } from './ticket-generator.js';
import { TICKET_ID_BASE, generateTicket } from './ticket-generator.js';
import { RESOLVED, SUBMITTED } from './ticket-types.js';

/** What a ticket's parts add up to. */
export interface TicketSummary {
  /** Index into TICKET_STATES. */
  state: number;
  /** The state before the latest state change (null: never changed). */
  previousState: number | null;
  adminAssignee: number;
  teamAssignee: number;
  updatedAt: number;
  teammates: number[];
}

export function summarizeTicket(ticket: TicketRecord): TicketSummary {
  let state = SUBMITTED;
  let previousState: number | null = null;
  let adminAssignee = -1;
  let teamAssignee = -1;
  let updatedAt = Math.max(ticket.createdAt, ticket.touchedAt);
  const teammates: number[] = [];
  for (const part of ticket.parts) {
    if (part.kind === 'state' && part.state !== undefined) {
      previousState = part.previousState ?? state;
      state = part.state;
    }
    if (part.kind === 'assignment') {
      adminAssignee = part.assignAdmin ?? -1;
      teamAssignee = part.assignTeam ?? -1;
    }
    if (part.admin >= 0 && !teammates.includes(part.admin)) teammates.push(part.admin);
    if (part.at > updatedAt) updatedAt = part.at;
  }
  return { state, previousState, adminAssignee, teamAssignee, updatedAt, teammates };
}

/**
 * The workspace's tickets. Generated on first use (a workspace that never serves tickets pays nothing),
 * then kept as records that advance() changes in place. A deleted ticket answers 404 at once and leaves
 * ticket search through its index: the 2.16 API offers `DELETE /tickets/{id}` but no list of deleted
 * tickets, so a sync learns of a deletion only by missing it.
 */
export class TicketStore {
  readonly baseCount: number;
  readonly #context: () => TicketContext;
  #records: TicketRecord[] | undefined;
  readonly #deletedAt = new Map<number, number>();
  readonly #listeners: ChangeListener[] = [];
  #byConversation: Map<number, number[]> | undefined;
  /** Bumped by every change, so cached search results know they are stale. */
  version = 0;

  constructor(count: number, context: () => TicketContext) {
    this.baseCount = count;
    this.#context = context;
  }

  get #all(): TicketRecord[] {
    if (this.#records === undefined) {
      const context = this.#context();
      this.#records = Array.from({ length: this.baseCount }, (_, index) => generateTicket(context, index));
    }
    return this.#records;
  }

  /** Every ticket ever, deleted ones included (their indexes stay taken). */
  get count(): number {
    return this.#records === undefined ? this.baseCount : this.#records.length;
  }

  ticket(index: number): TicketRecord {
    const ticket = this.#all[index];
    if (ticket === undefined) throw new RangeError(`no ticket ${index}`);
    return ticket;
  }

  /** The index of a ticket id (deleted ones included), or -1. */
  indexOf(id: string): number {
    if (!/^\d{1,9}$/.test(id)) return -1;
    const index = Number(id) - TICKET_ID_BASE;
    return index >= 0 && index < this.count ? index : -1;
  }

  isDeleted(index: number): boolean {
    return this.#deletedAt.has(index);
  }

  deletions(): { index: number; deletedAt: number }[] {
    return [...this.#deletedAt].map(([index, deletedAt]) => ({ index, deletedAt }));
  }

  /** Tickets linked with a conversation (customer and back-office tickets raised from it, trackers). */
  ticketsOfConversation(conversation: number): number[] {
    if (this.#byConversation === undefined) {
      const map = new Map<number, number[]>();
      for (const ticket of this.#all)
        for (const linked of ticket.linkedConversations)
          map.set(linked, [...(map.get(linked) ?? []), ticket.index]);
      this.#byConversation = map;
    }
    return (this.#byConversation.get(conversation) ?? []).filter((ticket) => !this.#deletedAt.has(ticket));
  }

  /** Draws a ticket for `index` as generation would (advance() then reshapes it into a new one). */
  draw(index: number): TicketRecord {
    return generateTicket(this.#context(), index);
  }

  /** A new ticket; `record` is drawn by the caller with the index it is given. */
  add(draw: (index: number) => TicketRecord): number {
    const index = this.#all.length;
    const record = draw(index);
    this.#all.push(record);
    for (const linked of record.linkedConversations) {
      const map = this.#byConversation;
      if (map !== undefined) map.set(linked, [...(map.get(linked) ?? []), index]);
    }
    this.#changed(index, null);
    return index;
  }

  /** Appends parts at their `at`; a state part's previousState is filled in here. */
  appendParts(index: number, parts: TicketPartRecord[]): void {
    const before = this.searchState(index);
    const ticket = this.ticket(index);
    for (const part of parts) {
      if (part.kind === 'state') {
        part.previousState = summarizeTicket(ticket).state;
        if (part.state === RESOLVED) ticket.snoozedUntil = null;
      }
      if (part.kind === 'attribute' && part.attribute !== undefined)
        ticket.attributes[part.attribute.name] = part.attribute.value;
      ticket.parts.push(part);
    }
    this.#changed(index, before);
  }

  delete(index: number, at: number): void {
    if (this.#deletedAt.has(index)) return;
    const before = this.searchState(index);
    this.#deletedAt.set(index, at);
    this.#changed(index, before);
  }

  searchState(index: number): SearchState {
    if (index >= this.count) return null;
    return { updatedAt: summarizeTicket(this.ticket(index)).updatedAt, removed: this.#deletedAt.has(index) };
  }

  onChange(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  #changed(index: number, before: SearchState): void {
    this.version++;
    for (const listener of this.#listeners) listener(index, before);
  }
}
