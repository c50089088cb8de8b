import type { ConversationSkeleton, ConversationState, SkeletonPart } from './conversation-skeleton.js';

/** Everything about a conversation that follows from its parts, computed the way Intercom reports it. */
export interface ConversationSummary {
  state: ConversationState;
  updatedAt: number;
  waitingSince: number | null;
  snoozedUntil: number | null;
  /** Admin / team index, -1 when unassigned. */
  adminAssignee: number;
  teamAssignee: number;
  /** Admin indexes that wrote at least one part, in order of first appearance. */
  teammates: number[];
  /** Who closed last: an admin index, -2 for the bot, -1 if never closed. */
  lastClosedBy: number;
  /** The conversation state right after each part. */
  partStates: ConversationState[];
  statistics: ConversationStatistics;
}

export interface ConversationStatistics {
  time_to_assignment: number | null;
  time_to_admin_reply: number | null;
  time_to_first_close: number | null;
  time_to_last_close: number | null;
  median_time_to_reply: number | null;
  first_contact_reply_at: number | null;
  first_assignment_at: number | null;
  first_admin_reply_at: number | null;
  first_close_at: number | null;
  last_assignment_at: number | null;
  last_assignment_admin_reply_at: number | null;
  last_contact_reply_at: number | null;
  last_admin_reply_at: number | null;
  last_close_at: number | null;
  count_reopens: number;
  count_assignments: number;
  count_conversation_parts: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

const since = (from: number, at: number | null): number | null => (at === null ? null : at - from);

export function summarize(
  skeleton: ConversationSkeleton,
  parts: readonly SkeletonPart[],
): ConversationSummary {
  const createdAt = skeleton.createdAt;
  let state: ConversationState = 'open';
  let snoozedUntil: number | null = null;
  let adminAssignee = -1;
  let teamAssignee = -1;
  let lastClosedBy = -1;
  let waitingSince: number | null = skeleton.sourceKind === 'contact' ? createdAt : null;
  const teammates: number[] = [];
  const partStates: ConversationState[] = [];
  const replyTimes: number[] = [];
  let pendingContactAt: number | null = waitingSince;
  const s: ConversationStatistics = {
    time_to_assignment: null,
    time_to_admin_reply: null,
    time_to_first_close: null,
    time_to_last_close: null,
    median_time_to_reply: null,
    first_contact_reply_at: skeleton.sourceKind === 'contact' ? createdAt : null,
    first_assignment_at: null,
    first_admin_reply_at: null,
    first_close_at: null,
    last_assignment_at: null,
    last_assignment_admin_reply_at: null,
    last_contact_reply_at: skeleton.sourceKind === 'contact' ? createdAt : null,
    last_admin_reply_at: null,
    last_close_at: null,
    count_reopens: 0,
    count_assignments: 0,
    count_conversation_parts: parts.length,
  };
  const assign = (item: SkeletonPart, at: number): void => {
    adminAssignee = item.assignAdmin;
    teamAssignee = item.assignTeam;
    s.first_assignment_at ??= at;
    s.last_assignment_at = at;
    s.last_assignment_admin_reply_at = null;
    s.count_assignments++;
  };
  const reopen = (): void => {
    // Every open part counts, unsnoozes included, so the count can be checked against the parts.
    s.count_reopens++;
    state = 'open';
    snoozedUntil = null;
  };
  if (skeleton.sourceKind === 'admin') teammates.push(skeleton.sourceAdmin);
  for (const item of parts) {
    const at = item.createdAt;
    if (item.author === 'admin' && !teammates.includes(item.adminIndex)) teammates.push(item.adminIndex);
    switch (item.type) {
      case 'comment':
        if (item.author === 'contact') {
          s.first_contact_reply_at ??= at;
          s.last_contact_reply_at = at;
          pendingContactAt ??= at;
          waitingSince ??= at;
        } else if (item.author === 'admin') {
          if (s.first_contact_reply_at !== null) s.first_admin_reply_at ??= at;
          s.last_admin_reply_at = at;
          if (s.last_assignment_at !== null) s.last_assignment_admin_reply_at ??= at;
          if (pendingContactAt !== null) replyTimes.push(at - pendingContactAt);
          pendingContactAt = null;
          waitingSince = null;
        }
        break;
      case 'assignment':
      case 'away_mode_assignment':
        assign(item, at);
        break;
      case 'close':
        state = 'closed';
        snoozedUntil = null;
        s.first_close_at ??= at;
        s.last_close_at = at;
        lastClosedBy = item.author === 'admin' ? item.adminIndex : -2;
        waitingSince = null;
        pendingContactAt = null;
        break;
      case 'open':
        reopen();
        break;
      case 'assign_and_reopen':
        // A teammate reopens and takes the conversation: an open and an assignment in one part.
        reopen();
        assign(item, at);
        break;
      case 'snoozed':
        state = 'snoozed';
        snoozedUntil = item.snoozedUntil;
        break;
      default:
        // Notes and the rich event parts change nothing that statistics report.
        break;
    }
    partStates.push(state);
  }
  s.time_to_assignment = since(createdAt, s.first_assignment_at);
  s.time_to_admin_reply = since(createdAt, s.first_admin_reply_at);
  s.time_to_first_close = since(createdAt, s.first_close_at);
  s.time_to_last_close = since(createdAt, s.last_close_at);
  s.median_time_to_reply = median(replyTimes);
  const lastPart = parts[parts.length - 1];
  return {
    state,
    updatedAt: lastPart === undefined ? createdAt : Math.max(createdAt, lastPart.createdAt),
    waitingSince: state === 'open' ? waitingSince : null,
    snoozedUntil,
    adminAssignee,
    teamAssignee,
    teammates,
    lastClosedBy,
    partStates,
    statistics: s,
  };
}
