import type { AddressInfo } from 'node:net';
import type { FaultRates } from './faults.js';
import type { FakeIntercomStats } from './http/http-front.js';
import { HttpFront } from './http/http-front.js';
import { DEFAULT_VERSION } from './http/intercom-version.js';
import { isLegacyVersion } from './http/route.js';
import type { PermissionName } from './realism/permissions.js';
import type { PersistentFailureKind } from './realism/persistent-failures.js';
import type { RealismOptions } from './realism/realism-options.js';
import { resolveRealism } from './realism/realism-options.js';
import type { PrerenderResult } from './routes/rendered-conversations.js';
import type { AdvanceChanges, AdvanceResult } from './workspace/advance.js';
import type { WorkspaceTruth } from './workspace/truth.js';
import { workspaceTruth } from './workspace/truth.js';
import { Workspace } from './workspace/workspace.js';
import type { WebhookDeliveryRecord, WebhookSubscription } from './webhooks/webhook-delivery.js';

export type { FakeIntercomStats } from './http/http-front.js';

export interface FakeIntercomOptions {
  /** Conversations generated up front (default 200). */
  conversations?: number;
  /** Tickets generated up front (default: one for every 8 conversations, plus 6). */
  tickets?: number;
  /** Companies (default: one for every 8 contacts, plus 5; contacts are about one for every 2.5 conversations). */
  companies?: number;
  /** Workspace seed: the same seed gives the same workspace (default 1). */
  seed?: number;
  /** Requests need `Authorization: Bearer <token>` (default 'fake-token'). */
  token?: string;
  /** Port to listen on, 0 for a free one (default 0). Always binds 127.0.0.1. */
  port?: number;
  /** Median added latency in ms, with a log-normal tail (default 0). */
  latencyMs?: number;
  /** Per-minute budget, enforced per 10-second window; 0 = unlimited (default 10,000). */
  rateLimitPerMinute?: number;
  /** Fault rates, e.g. '500=0.01,503=0.01,reset=0.005,malformed=0.005,hang=0.001'. */
  faults?: string | FaultRates;
  /** Unix seconds "now" of the generated workspace (default: the real now). */
  now?: number;
  /** Pads every opening message to at least this many bytes (default 0: as generated): huge conversations. */
  messageBytes?: number;
  /** Turns every realism option on with the defaults below (individual `realism` fields still override). */
  realistic?: boolean;
  /** Real-API behaviours, each off unless `realistic` (see RealismOptions and REALISTIC_DEFAULTS). */
  realism?: Partial<RealismOptions>;
  /** Endpoints answering 401 as a token without that permission gets (GET /me still works). Default none. */
  missingPermissions?: PermissionName[];
  /**
   * Milliseconds "now" for the rate limiter, the lockout and the search index lag (default Date.now):
   * tests move it instead of waiting.
   */
  clock?: () => number;
  /** Subscribes an app to webhooks: advance() and deletions POST signed notifications to it. Default none. */
  webhook?: WebhookSubscription;
}

export interface FakeIntercom {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  token: string;
  close(): Promise<void>;
  advance(changes: AdvanceChanges): AdvanceResult;
  truth(): WorkspaceTruth;
  stats(): FakeIntercomStats;
  setFaults(spec: string | FaultRates): void;
  /**
   * Renders every conversation's GET /conversations/{id} response ahead of time (also
   * POST /_fake/prerender), so serving it costs no generation. Default: HTML bodies (no `display_as`) at
   * Intercom-Version 2.16, what fic asks for.
   */
  prerender(options?: { plaintext?: boolean; version?: string }): PrerenderResult;
  /** The realism options in force. */
  readonly realism: RealismOptions;
  /** Makes every pending search index change (conversations, contacts, tickets) visible now; releases holds. */
  flushSearchIndex(): void;
  /** The conversation (and ticket) search lag, in seconds, for changes made from now on. */
  setSearchIndexLag(seconds: number): void;
  /** The contact search lag, in seconds, for changes made from now on. */
  setContactSearchLag(seconds: number): void;
  /** Keeps these conversations' (contacts', tickets') changes, pending or later, out of search until a flush. */
  holdSearchIndex(ids: string[]): void;
  /** Deletes conversations at `at` (default now); an unknown id throws (404), a deleted one is a no-op. */
  deleteConversations(ids: string[], at?: number): void;
  /** Deletes tickets at `at` (default now): GET /tickets/{id} answers 404, search drops them. Unknown id: throws. */
  deleteTickets(ids: string[], at?: number): void;
  /** Every GET /conversations/{id} (or GET /tickets/{id}, for ticket ids) of these ids fails this way until healed. */
  failConversations(ids: string[], kind: PersistentFailureKind): void;
  /** Ends persistent failures of these ids (default: all). */
  healConversations(ids?: string[]): void;
  setMissingPermissions(names: PermissionName[]): void;
  /** Every API request answers 429 for `seconds` from now; 0 ends it. */
  rateLimitLockout(seconds: number): void;
  /** Search answers every cursor request with the first page again and a fresh cursor. */
  setStuckCursor(on: boolean): void;
  /** Subscribes (or, with undefined, unsubscribes) the webhook receiver. */
  setWebhook(subscription: WebhookSubscription | undefined): void;
  /** Every webhook delivery so far (body and signature as sent, the receiver's status). */
  webhookDeliveries(): readonly WebhookDeliveryRecord[];
  /** Resolves once every delivery sent so far has been answered (or failed). */
  webhooksSettled(): Promise<void>;
}

export async function startFakeIntercom(options: FakeIntercomOptions = {}): Promise<FakeIntercom> {
  const realismOptions = resolveRealism(options.realistic === true, options.realism);
  const workspace = new Workspace({
    conversations: options.conversations ?? 200,
    seed: options.seed ?? 1,
    now: options.now ?? Math.floor(Date.now() / 1000),
    realism: realismOptions,
    messageBytes: options.messageBytes ?? 0,
    tickets: options.tickets,
    companies: options.companies,
  });
  const fake = new HttpFront(workspace, {
    token: options.token ?? 'fake-token',
    latencyMs: options.latencyMs ?? 0,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    faults: options.faults ?? {},
    clock: options.clock ?? Date.now,
    missingPermissions: options.missingPermissions ?? [],
    webhook: options.webhook,
  });
  await new Promise<void>((resolve, reject) => {
    fake.server.once('error', reject);
    fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = fake.server.address() as AddressInfo;
  const realism = fake.realism;
  const webhooks = fake.webhooks;
  return {
    url: `http://127.0.0.1:${port}`,
    token: fake.token,
    close: () => fake.close(),
    advance: (changes) => fake.advance(changes),
    truth: () => workspaceTruth(workspace),
    stats: () => fake.stats(),
    setFaults: (spec) => fake.setFaults(spec),
    prerender: (prerenderOptions = {}) =>
      fake.rendered.prerender({
        plaintext: prerenderOptions.plaintext ?? false,
        legacy: isLegacyVersion(prerenderOptions.version ?? DEFAULT_VERSION),
      }),
    realism: realismOptions,
    flushSearchIndex: () => realism.flushSearchIndex(),
    setSearchIndexLag: (seconds) => realism.setSearchIndexLag(seconds),
    setContactSearchLag: (seconds) => {
      realism.contactIndex.lagSeconds = seconds;
    },
    holdSearchIndex: (ids) => realism.holdSearchIndex(ids),
    deleteConversations: (ids, at) => {
      fake.deleteConversations(ids, at);
    },
    deleteTickets: (ids, at) => {
      fake.deleteTickets(ids, at);
    },
    failConversations: (ids, kind) => realism.failConversations(ids, kind),
    healConversations: (ids) => realism.healConversations(ids),
    setMissingPermissions: (names) => realism.permissions.set(names),
    rateLimitLockout: (seconds) => realism.lockout.lock(seconds),
    setStuckCursor: (on) => realism.setStuckCursor(on),
    setWebhook: (subscription) => webhooks.subscribe(subscription),
    webhookDeliveries: () => webhooks.log(),
    webhooksSettled: () => webhooks.settled(),
  };
}
