import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { FaultRates } from '../faults.js';
import { FAULT_RESPONSES, FaultInjector, parseFaults } from '../faults.js';
import { LatencyModel } from '../latency.js';
import { RateLimiter } from '../rate-limiter.js';
import type { PermissionName } from '../realism/permissions.js';
import { malformedConversation } from '../realism/persistent-failures.js';
import { RealismRuntime } from '../realism/realism-runtime.js';
import { companyRoutes } from '../routes/company-routes.js';
import { CompanyScroll } from '../routes/company-scroll.js';
import { contactRoutes } from '../routes/contact-routes.js';
import { conversationRoutes } from '../routes/conversation-routes.js';
import { directoryRoutes } from '../routes/directory-routes.js';
import { fakeRoutes } from '../routes/fake-routes.js';
import { realismControlRoutes } from '../routes/realism-control-routes.js';
import { RenderedConversations } from '../routes/rendered-conversations.js';
import { ticketRoutes } from '../routes/ticket-routes.js';
import { advanceWorkspace } from '../workspace/advance.js';
import type { AdvanceChanges, AdvanceResult } from '../workspace/advance.js';
import type { Workspace } from '../workspace/workspace.js';
import { WebhookDelivery, advanceNotices } from '../webhooks/webhook-delivery.js';
import type { WebhookSubscription } from '../webhooks/webhook-delivery.js';
import { ApiError, errorList } from './api-error.js';
import { DEFAULT_VERSION, KNOWN_VERSIONS } from './intercom-version.js';
import { readBody } from './read-body.js';
import type { Route } from './route.js';

export interface FakeIntercomStats {
  requests: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  faults: Record<string, number>;
}

/** Routes whose ids persistent failures (failConversations, failTickets) apply to. */
const DETAIL_ROUTES = new Set(['GET /conversations/{id}', 'GET /tickets/{id}']);
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

export interface HttpFrontOptions {
  token: string;
  latencyMs: number;
  rateLimitPerMinute: number;
  faults: string | FaultRates;
  clock: () => number;
  missingPermissions: PermissionName[];
  /** A webhook subscription: changes made through advance and the deletions are POSTed there. */
  webhook?: WebhookSubscription;
}

/**
 * The HTTP front: auth, rate limit (and lockout), version, permissions, faults (random and persistent) and
 * latency around the routes.
 */
export class HttpFront {
  readonly workspace: Workspace;
  readonly token: string;
  readonly server: Server;
  readonly rendered: RenderedConversations;
  readonly realism: RealismRuntime;
  readonly webhooks: WebhookDelivery;
  readonly companyScroll: CompanyScroll;
  readonly #routes: Route[];
  readonly #limiter: RateLimiter;
  readonly #faults: FaultInjector;
  readonly #latency: LatencyModel;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #stats: FakeIntercomStats = { requests: 0, byRoute: {}, rateLimited: 0, faults: {} };

  constructor(workspace: Workspace, options: HttpFrontOptions) {
    this.workspace = workspace;
    this.token = options.token;
    this.rendered = new RenderedConversations(workspace);
    this.realism = new RealismRuntime(workspace, options.clock, options.missingPermissions);
    this.webhooks = new WebhookDelivery(options.webhook, options.clock);
    const realism = this.realism;
    const paging = (): ReturnType<RealismRuntime['paging']> => realism.paging();
    this.companyScroll = new CompanyScroll(workspace.seed, options.clock);
    this.#routes = [
      ...conversationRoutes(workspace, {
        rendered: this.rendered,
        searchIndex: realism.conversationIndex,
        paging,
      }),
      ...directoryRoutes(),
      ...contactRoutes({ searchIndex: realism.contactIndex, paging }),
      ...ticketRoutes({ searchIndex: realism.ticketIndex, paging }),
      ...companyRoutes(this.companyScroll),
      ...fakeRoutes(this.rendered, (changes) => this.advance(changes)),
      ...realismControlRoutes({
        flushSearchIndex: () => realism.flushSearchIndex(),
        holdSearchIndex: (ids) => realism.holdSearchIndex(ids),
        setSearchIndexLag: (seconds) => realism.setSearchIndexLag(seconds),
        setContactSearchLag: (seconds) => (realism.contactIndex.lagSeconds = seconds),
        deleteConversations: (ids, at) => this.deleteConversations(ids, at),
        deleteTickets: (ids, at) => this.deleteTickets(ids, at),
        failConversations: (ids, kind) => realism.failConversations(ids, kind),
        healConversations: (ids) => realism.healConversations(ids),
        setMissingPermissions: (names) => realism.permissions.set(names),
        rateLimitLockout: (seconds) => realism.lockout.lock(seconds),
        setStuckCursor: (on) => realism.setStuckCursor(on),
        setWebhook: (subscription) => this.webhooks.subscribe(subscription),
      }),
    ];
    this.#limiter = new RateLimiter(
      options.rateLimitPerMinute,
      options.clock,
      realism.options.perWindowRateLimitHeaders,
    );
    this.#faults = new FaultInjector(workspace.seed, parseFaults(options.faults));
    this.#latency = new LatencyModel(options.latencyMs, workspace.seed);
    this.server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.#json(response, 500, errorList('server_error', String(error)), {});
      });
    });
    // Longer than a client's idle pool timeout, so a client never reuses a socket the server is closing
    // (tests block the event loop building truth(), which would otherwise trip the 5 s default).
    this.server.keepAliveTimeout = 65_000;
  }

  stats(): FakeIntercomStats {
    return structuredClone(this.#stats);
  }

  setFaults(spec: string | FaultRates): void {
    this.#faults.rates = parseFaults(spec);
  }

  /** Changes the workspace like live traffic (see advanceWorkspace) and sends the webhooks for it. */
  advance(changes: AdvanceChanges): AdvanceResult {
    const result = advanceWorkspace(this.workspace, changes);
    this.webhooks.notify(advanceNotices(result));
    return result;
  }

  deleteConversations(ids: string[], at?: number): string[] {
    const deleted = this.realism.deleteConversations(ids, at);
    this.webhooks.notify(
      deleted.map((itemId) => ({ topic: 'conversation.deleted', itemType: 'conversation', itemId })),
    );
    return deleted;
  }

  deleteTickets(ids: string[], at?: number): string[] {
    const deleted = this.realism.deleteTickets(ids, at);
    this.webhooks.notify(deleted.map((itemId) => ({ topic: 'ticket.deleted', itemType: 'ticket', itemId })));
    return deleted;
  }
  close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Hung requests and idle keep-alive sockets would hold close() open forever.
      this.server.closeAllConnections();
    });
  }

  #json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    // Encoded once: measuring the text and then sending it would encode it twice.
    this.#send(response, status, Buffer.from(JSON.stringify(body)), headers);
  }

  #send(response: ServerResponse, status: number, bytes: Buffer, headers: Record<string, string>): void {
    response.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': bytes.length,
    });
    response.end(bytes);
  }

  #delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  #countFault(kind: string): void {
    this.#stats.faults[kind] = (this.#stats.faults[kind] ?? 0) + 1;
  }

  /** Rate limit (and lockout) for an API request: false when it was answered 429. */
  #rateLimit(response: ServerResponse, headers: Record<string, string>): boolean {
    const lockedUntil = this.realism.lockout.resetAt();
    if (lockedUntil !== undefined) {
      this.#stats.rateLimited++;
      const limit = this.#limiter.headerLimit;
      Object.assign(headers, {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(lockedUntil),
      });
      const message = `Exceeded rate limit of ${this.#limiter.windowLimit} in 10_seconds`;
      this.#json(response, 429, errorList('rate_limit_exceeded', message), headers);
      return false;
    }
    const decision = this.#limiter.take();
    Object.assign(headers, decision.headers);
    if (!decision.allowed) {
      this.#stats.rateLimited++;
      const message = `Exceeded rate limit of ${decision.windowLimit} in 10_seconds`;
      this.#json(response, 429, errorList('rate_limit_exceeded', message), headers);
      return false;
    }
    // Some live responses carry no rate-limit headers (429s keep theirs: a client needs them most there).
    if (this.realism.missingHeaders.next()) for (const name of RATE_LIMIT_HEADERS) delete headers[name];
    return true;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The Host header gives links (GET /conversations/deleted's pages.next) that lead back here.
    const host = request.headers.host ?? '';
    const base = /^[\w.\-[\]:]+$/.test(host) ? `http://${host}` : 'http://127.0.0.1';
    const url = new URL(request.url ?? '/', base);
    const method = request.method ?? 'GET';
    let params: string[] = [];
    const route = this.#routes.find((candidate) => {
      if (candidate.method !== method) return false;
      const match = candidate.pattern.exec(url.pathname);
      if (match !== null) params = match.slice(1);
      return match !== null;
    });
    const routeName = route?.name ?? `${method} (unknown)`;
    this.#stats.requests++;
    this.#stats.byRoute[routeName] = (this.#stats.byRoute[routeName] ?? 0) + 1;

    if (request.headers.authorization !== `Bearer ${this.token}`) {
      this.#json(response, 401, errorList('unauthorized', 'Access Token Invalid'), {});
      return;
    }
    const requested = request.headers['intercom-version'];
    const version = typeof requested === 'string' && requested.length > 0 ? requested : DEFAULT_VERSION;
    const control = route?.control === true;
    const headers: Record<string, string> = {};
    if (!control && !this.#rateLimit(response, headers)) return;
    if (!KNOWN_VERSIONS.has(version)) {
      this.#json(
        response,
        400,
        errorList('intercom_version_invalid', 'The requested version could not be found'),
        headers,
      );
      return;
    }
    headers['Intercom-Version'] = version;
    const denial = control || route === undefined ? undefined : this.realism.permissions.denial(route.name);
    if (denial !== undefined) {
      this.#json(response, 401, denial, headers);
      return;
    }
    const persistent =
      route !== undefined && DETAIL_ROUTES.has(route.name)
        ? this.realism.failures.kindFor(decodeURIComponent(params[0] ?? ''))
        : undefined;
    if (persistent !== undefined) this.#countFault(`persistent_${persistent}`);
    if (persistent === 'hang') return; // never answered: only the client's timeout (or close()) ends it
    const fault = control || persistent !== undefined ? undefined : this.#faults.next();
    if (fault !== undefined) this.#countFault(fault);
    if (fault === 'hang') return; // only the client's timeout (or close()) ends this request
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    const text = await readBody(request);
    await this.#delay(control ? 0 : this.#latency.nextDelayMs());
    if (fault === '500' || fault === '502' || fault === '503') {
      const canned = FAULT_RESPONSES[fault];
      response.writeHead(canned.status, {
        ...headers,
        'Content-Type': canned.type,
        'Content-Length': Buffer.byteLength(canned.body),
      });
      response.end(canned.body);
      return;
    }
    const failure = persistent === undefined ? undefined : this.realism.failures.errorAnswer(persistent);
    if (failure !== undefined) {
      this.#json(response, failure.status, failure.body, headers);
      return;
    }
    let status = 200;
    let bytes: Buffer;
    try {
      if (route === undefined) throw new ApiError(404, 'not_found', 'Resource Not Found');
      let parsed: unknown;
      try {
        parsed = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        throw new ApiError(400, 'bad_request', 'The request body is not valid JSON.');
      }
      const result = route.handle({ workspace: this.workspace, url, params, body: parsed, version });
      status = result.status ?? 200;
      bytes = 'encoded' in result ? result.encoded : Buffer.from(JSON.stringify(result.body));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      bytes = Buffer.from(JSON.stringify(errorList(error.code, error.message)));
    }
    if (persistent === 'malformed' && status === 200) bytes = malformedConversation(bytes);
    if (fault === 'malformed') {
      const full = bytes.toString('utf8');
      const truncated = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      response.writeHead(200, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(truncated),
      });
      response.end(truncated);
      return;
    }
    this.#send(response, status, bytes, headers);
  }
}
