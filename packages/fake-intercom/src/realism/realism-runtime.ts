import type { PagingRealism } from '../routes/result-pager.js';
import type { Workspace } from '../workspace/workspace.js';
import { deleteConversations, deleteTickets } from './deletions.js';
import { MissingRateLimitHeaders } from './missing-rate-limit-headers.js';
import type { PermissionName } from './permissions.js';
import { MissingPermissions } from './permissions.js';
import type { PersistentFailureKind } from './persistent-failures.js';
import { PersistentFailures } from './persistent-failures.js';
import { RateLimitLockout } from './rate-limit-lockout.js';
import type { RealismOptions } from './realism-options.js';
import { LaggedSearchIndex } from './search-index-lag.js';

/**
 * The realism behaviours' live state for one fake: the two search indexes (following the workspace's
 * changes), persistent failures, missing permissions, the rate-limit lockout and the stuck cursor.
 * The server consults it per request; the FakeIntercom object and /_fake/ endpoints drive it.
 */
export class RealismRuntime {
  readonly options: RealismOptions;
  readonly conversationIndex: LaggedSearchIndex;
  readonly contactIndex: LaggedSearchIndex;
  /** Ticket search's index; it lags by the conversation search lag (`searchIndexLagSeconds`). */
  readonly ticketIndex: LaggedSearchIndex;
  readonly failures = new PersistentFailures();
  readonly permissions: MissingPermissions;
  readonly lockout: RateLimitLockout;
  readonly missingHeaders: MissingRateLimitHeaders;
  readonly #workspace: Workspace;
  #stuckCursor = false;

  constructor(workspace: Workspace, clock: () => number, missingPermissions: readonly PermissionName[]) {
    this.#workspace = workspace;
    this.options = workspace.realism;
    const seed = workspace.seed;
    this.conversationIndex = new LaggedSearchIndex({
      seed,
      salt: 0x5ea1,
      lagSeconds: this.options.searchIndexLagSeconds,
      clock,
    });
    this.contactIndex = new LaggedSearchIndex({
      seed,
      salt: 0x5ea2,
      lagSeconds: this.options.contactSearchLagSeconds,
      clock,
    });
    this.ticketIndex = new LaggedSearchIndex({
      seed,
      salt: 0x5ea3,
      lagSeconds: this.options.searchIndexLagSeconds,
      clock,
    });
    workspace.tickets.onChange((index, before) =>
      this.ticketIndex.record(index, before, workspace.tickets.searchState(index)),
    );
    workspace.onChange((index, before) =>
      this.conversationIndex.record(index, before, workspace.searchState(index)),
    );
    workspace.directory.onChange((index, before) => {
      const after = workspace.directory.searchState(index);
      // A merged contact leaves contact search at once (only new contacts and edits lag).
      this.contactIndex.record(index, before, after, after?.removed === true);
    });
    this.permissions = new MissingPermissions(missingPermissions);
    this.lockout = new RateLimitLockout(clock);
    this.missingHeaders = new MissingRateLimitHeaders(seed, this.options.missingRateLimitHeadersRate);
  }

  paging(): PagingRealism {
    return {
      tieLessCursor: this.options.tieLessCursor,
      emptyCursorOnLastPage: this.options.emptyCursorOnLastPage,
      stuckCursor: this.#stuckCursor,
    };
  }

  setStuckCursor(on: boolean): void {
    this.#stuckCursor = on;
  }

  flushSearchIndex(): void {
    this.conversationIndex.flush();
    this.contactIndex.flush();
    this.ticketIndex.flush();
  }

  /**
   * Conversation ids hold conversations; contact ids (24 hex digits) hold contacts; ticket ids (7 digits)
   * hold tickets. Unknown ids: ignored.
   */
  holdSearchIndex(ids: readonly string[]): void {
    const workspace = this.#workspace;
    const conversations: number[] = [];
    const contacts: number[] = [];
    const tickets: number[] = [];
    for (const id of ids) {
      const conversation = workspace.indexOf(id);
      const contact = conversation < 0 ? workspace.directory.indexOfContact(id) : -1;
      const ticket = conversation < 0 && contact < 0 ? workspace.tickets.indexOf(id) : -1;
      if (conversation >= 0) conversations.push(conversation);
      else if (contact >= 0) contacts.push(contact);
      else if (ticket >= 0) tickets.push(ticket);
    }
    this.conversationIndex.hold(conversations);
    this.contactIndex.hold(contacts);
    this.ticketIndex.hold(tickets);
  }

  /** The conversation search lag, which ticket search shares. */
  setSearchIndexLag(seconds: number): void {
    this.conversationIndex.lagSeconds = seconds;
    this.ticketIndex.lagSeconds = seconds;
  }

  deleteTickets(ids: readonly string[], at?: number): string[] {
    return deleteTickets(this.#workspace, ids, at);
  }

  deleteConversations(ids: readonly string[], at?: number): string[] {
    return deleteConversations(this.#workspace, ids, at);
  }

  failConversations(ids: readonly string[], kind: PersistentFailureKind): void {
    this.failures.fail(ids, kind);
  }

  healConversations(ids?: readonly string[]): void {
    this.failures.heal(ids);
  }
}
