import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import type { FicConfig } from '../config.js';
import { FicError } from '../errors.js';
import {
  adminListSchema,
  contactSchema,
  conversationSchema,
  deletedConversationsPageSchema,
  conversationStampsPageSchema,
  meSchema,
  searchContactsPageSchema,
  searchConversationsPageSchema,
  tagListSchema,
  teamListSchema,
} from './intercom-schemas.js';
import type {
  Admin,
  Contact,
  Conversation,
  ConversationStampsPage,
  DeletedConversationsPage,
  Me,
  SearchContactsPage,
  SearchContactsRequest,
  SearchConversationsPage,
  SearchConversationsRequest,
  SearchRequest,
  Tag,
  Team,
} from './intercom-schemas.js';
import { companyListPageSchema, companySchema } from './company-schemas.js';
import type { Company, CompanyListPage } from './company-schemas.js';
import type { WithRawJson } from './raw-json.js';
import { ticketSchema, ticketStampsPageSchema, ticketTypeListSchema } from './ticket-schemas.js';
import type { Ticket, TicketStampsPage, TicketType } from './ticket-schemas.js';
import { exchange } from './http-exchange.js';
import { fetchTransport, nodeHttpTransport, TOO_LARGE } from './http-transport.js';
import type { HttpTransport } from './http-transport.js';
import type {
  ClientEvent,
  ClientStats,
  IntercomClientOptions,
  RequestOptions,
} from './intercom-client-types.js';
import { parseIntercomResponse, parseJsonBody } from './parse-response.js';
import { RateLimiter } from './rate-limiter.js';
import { apiErrorDetail, exhaustedError, fatalStatusError, networkDetail } from './request-errors.js';
import type { AttemptFailure } from './request-errors.js';
import { RetryPolicy } from './retry-policy.js';

export type { RetryReason } from './request-errors.js';
export type {
  ClientEvent,
  ClientStats,
  IntercomClientOptions,
  RequestOptions,
} from './intercom-client-types.js';

interface Call<S extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  /** 'GET /conversations/123', as errors and events name it. */
  endpoint: string;
  schema: S;
  /** What the endpoint answers, for error messages: 'a conversation'. */
  noun: string;
  body: string | undefined;
  /** The caller's cancellation: one signal for the whole call (waits and attempts). */
  signal: AbortSignal | undefined;
  maxBodyBytes: number | undefined;
}

type Outcome<T> =
  { ok: true; value: T; text: string } | { ok: false; failure: AttemptFailure; waitMs: number };

/**
 * The Intercom REST API as fic uses it: bearer auth, a pinned Intercom-Version, per-attempt timeouts,
 * pacing by X-RateLimit-* headers, retries with jittered backoff, and zod-validated answers. Every
 * failure is a FicError whose message says what to do and never contains the token.
 */
export class IntercomClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, errors: 0 };
  readonly baseUrl: string;
  readonly rateLimiter: RateLimiter;
  readonly #token: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #transport: HttpTransport;
  readonly #onEvent: (event: ClientEvent) => void;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;

  constructor(options: IntercomClientOptions) {
    if (options.token.trim() === '') {
      throw new FicError('auth', 'No Intercom access token: set INTERCOM_ACCESS_TOKEN or run fic init.');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#headers = {
      Authorization: `Bearer ${options.token}`,
      'Intercom-Version': options.apiVersion ?? '2.16',
      Accept: 'application/json',
    };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = new RetryPolicy({
      retryCount: options.retryCount,
      baseDelayMs: options.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs,
      longestRateLimitWaitMs: options.longestRateLimitWaitMs,
      random: options.random,
    });
    this.#transport =
      options.transport ??
      (options.fetch === undefined ? nodeHttpTransport() : fetchTransport(options.fetch));
    this.#onEvent = options.onEvent ?? (() => undefined);
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#now = options.now ?? Date.now;
    this.rateLimiter =
      options.rateLimiter ??
      new RateLimiter({ now: this.#now, sleep: this.#sleep, maxWaitMs: options.longestRateLimitWaitMs });
  }

  /** A client for the configured workspace; FicError('auth') when no token is configured. */
  static fromConfig(
    config: FicConfig,
    options: Omit<IntercomClientOptions, 'baseUrl' | 'token'> = {},
  ): IntercomClient {
    return new IntercomClient({
      baseUrl: config.apiUrl,
      token: config.accessToken ?? '',
      apiVersion: config.apiVersion,
      timeoutMs: config.timeoutSeconds * 1000,
      retryCount: config.retryCount,
      longestRateLimitWaitMs: config.maxRateLimitWaitSeconds * 1000,
      ...options,
    });
  }

  /** POST /conversations/search: one page of conversations (without parts). */
  searchConversations(
    body: SearchConversationsRequest,
    options?: RequestOptions,
  ): Promise<SearchConversationsPage> {
    return this.#request('POST', '/conversations/search', searchConversationsPageSchema, 'a search page', {
      ...options,
      body,
    });
  }

  /** POST /conversations/search read for ids and update times only (what a sync lists by). */
  searchConversationStamps(
    body: SearchConversationsRequest,
    options?: RequestOptions,
  ): Promise<ConversationStampsPage> {
    return this.#request('POST', '/conversations/search', conversationStampsPageSchema, 'a search page', {
      ...options,
      body,
    });
  }

  /** GET /conversations/{id}, with its parts (the API shows at most the 500 most recent) as HTML. */
  getConversation(id: string, options?: RequestOptions): Promise<Conversation> {
    const path = `/conversations/${encodeURIComponent(id)}`;
    return this.#request('GET', path, conversationSchema, 'a conversation', options);
  }

  /** GET /conversations/{id} with its response body exactly as the API returned it (kept as the raw payload). */
  async getConversationWithBody(
    id: string,
    options?: RequestOptions,
  ): Promise<{ conversation: Conversation; json: string }> {
    const path = `/conversations/${encodeURIComponent(id)}`;
    const answer = await this.#send('GET', path, conversationSchema, 'a conversation', options);
    return { conversation: answer.value, json: answer.text };
  }

  async listAdmins(options?: RequestOptions): Promise<Admin[]> {
    return (await this.#request('GET', '/admins', adminListSchema, 'an admin list', options)).admins;
  }

  async listTeams(options?: RequestOptions): Promise<Team[]> {
    return (await this.#request('GET', '/teams', teamListSchema, 'a team list', options)).teams;
  }

  async listTags(options?: RequestOptions): Promise<Tag[]> {
    return (await this.#request('GET', '/tags', tagListSchema, 'a tag list', options)).data;
  }

  getContact(id: string, options?: RequestOptions): Promise<Contact> {
    return this.#request('GET', `/contacts/${encodeURIComponent(id)}`, contactSchema, 'a contact', options);
  }

  /** POST /contacts/search: one page of contacts, e.g. `id IN [...]` to fetch up to 150 in one request. */
  searchContacts(body: SearchContactsRequest, options?: RequestOptions): Promise<SearchContactsPage> {
    return this.#request('POST', '/contacts/search', searchContactsPageSchema, 'a contact search page', {
      ...options,
      body,
    });
  }

  /**
   * GET /conversations/deleted: one page (page numbers from 1) of deleted conversation ids with their
   * deletion times, newest first unless `order` is 'asc'. At most 60 a page.
   */
  listDeletedConversations(
    query: { page: number; perPage: number; order?: 'asc' | 'desc' },
    options?: RequestOptions,
  ): Promise<DeletedConversationsPage> {
    const params = new URLSearchParams({
      page: String(query.page),
      per_page: String(query.perPage),
      order: query.order ?? 'desc',
    });
    return this.#request(
      'GET',
      `/conversations/deleted?${params.toString()}`,
      deletedConversationsPageSchema,
      'a deleted-conversation list',
      options,
      '/conversations/deleted',
    );
  }

  /** POST /tickets/search read for ids and update times only (what a sync lists by). */
  searchTicketStamps(body: SearchRequest, options?: RequestOptions): Promise<TicketStampsPage> {
    return this.#request('POST', '/tickets/search', ticketStampsPageSchema, 'a ticket search page', {
      ...options,
      body,
    });
  }

  /** GET /tickets/{id}, with its parts (at most 500) and the answer's JSON text. */
  /** GET /tickets/{id}, with the response body byte for byte (what the copy keeps). */
  async getTicket(id: string, options?: RequestOptions): Promise<WithRawJson<Ticket>> {
    const path = `/tickets/${encodeURIComponent(id)}`;
    const answer = await this.#send('GET', path, ticketSchema, 'a ticket', options, '/tickets/{id}');
    return { value: answer.value, rawJson: answer.text };
  }

  async listTicketTypes(options?: RequestOptions): Promise<TicketType[]> {
    return (await this.#request('GET', '/ticket_types', ticketTypeListSchema, 'a ticket type list', options))
      .data;
  }

  /**
   * GET /companies: one page (page numbers from 1, at most 60 a page) of every company. Not
   * /companies/scroll: a workspace has one scroll open at a time, which two syncs would fight over.
   */
  listCompanies(
    query: { page: number; perPage: number },
    options?: RequestOptions,
  ): Promise<CompanyListPage> {
    const params = new URLSearchParams({ page: String(query.page), per_page: String(query.perPage) });
    return this.#request(
      'GET',
      `/companies?${params.toString()}`,
      companyListPageSchema,
      'a company list',
      options,
      '/companies',
    );
  }

  /** GET /companies/{id}: one company with its JSON text (a 404 says it was deleted). */
  /** GET /companies/{id}, with the response body byte for byte. */
  async getCompany(id: string, options?: RequestOptions): Promise<WithRawJson<Company>> {
    const path = `/companies/${encodeURIComponent(id)}`;
    const answer = await this.#send('GET', path, companySchema, 'a company', options, '/companies/{id}');
    return { value: answer.value, rawJson: answer.text };
  }

  /** GET /me: the admin the token belongs to, and its workspace. A cheap way to check a token. */
  getMe(options?: RequestOptions): Promise<Me> {
    return this.#request('GET', '/me', meSchema, 'an admin', options);
  }

  async #request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    noun: string,
    options: RequestOptions & { body?: unknown } = {},
    /** The path errors and events name, when `path` carries a query string. */
    name: string = path,
  ): Promise<z.output<S>> {
    return (await this.#send(method, path, schema, noun, options, name)).value;
  }

  /** The validated answer and the body text it was parsed from. */
  async #send<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    noun: string,
    options: RequestOptions & { body?: unknown } = {},
    name: string = path,
  ): Promise<{ value: z.output<S>; text: string }> {
    const call: Call<S> = {
      method,
      path,
      endpoint: `${method} ${name}`,
      schema,
      noun,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      maxBodyBytes: options.maxBodyBytes,
    };
    try {
      for (let attempt = 1; ; attempt += 1) {
        if (call.signal?.aborted === true) throw cancelled(call.endpoint);
        const ticket = this.rateLimiter.tryAcquire() ?? (await this.rateLimiter.acquire(call.signal));
        const outcome = await this.#attempt(call, ticket, attempt);
        if (outcome.ok) return { value: outcome.value, text: outcome.text };
        const { failure, waitMs } = outcome;
        if (attempt > this.#retry.retryCount) {
          const facts = {
            endpoint: call.endpoint,
            baseUrl: this.baseUrl,
            attempts: attempt,
            timeoutMs: this.#timeoutMs,
          };
          throw exhaustedError(failure, facts);
        }
        this.stats.retries += 1;
        const { reason, status } = failure;
        this.#onEvent({ type: 'retry', endpoint: call.endpoint, attempt, reason, status, delayMs: waitMs });
        await this.#sleep(waitMs, call.signal).catch(() => {
          throw cancelled(call.endpoint);
        });
      }
    } catch (error) {
      if (!(error instanceof FicError)) throw error;
      const final = this.#scrub(error);
      if (final.code !== 'aborted') {
        this.stats.errors += 1;
        this.#onEvent({ type: 'error', endpoint: call.endpoint, code: final.code, message: final.message });
      }
      throw final;
    }
  }

  /** One attempt: send, read, classify. Throws only for failures that retrying cannot fix. */
  async #attempt<S extends z.ZodType>(
    call: Call<S>,
    ticket: number,
    attempt: number,
  ): Promise<Outcome<z.output<S>>> {
    const { endpoint } = call;
    const headers =
      call.body === undefined ? this.#headers : { ...this.#headers, 'Content-Type': 'application/json' };
    const started = this.#now();
    this.stats.requests += 1;
    const answer = await exchange(
      this.#transport,
      `${this.baseUrl}${call.path}`,
      { method: call.method, headers, body: call.body, maxBodyBytes: call.maxBodyBytes },
      { timeoutMs: this.#timeoutMs, signal: call.signal },
    );
    const durationMs = this.#now() - started;
    this.#onEvent({ type: 'request', endpoint, attempt, status: answer.status, durationMs });
    this.rateLimiter.update(answer.ok ? answer.headers : undefined, ticket);

    if (!answer.ok) {
      if (call.signal?.aborted === true) throw cancelled(endpoint);
      if ((answer.error as { code?: unknown } | null)?.code === TOO_LARGE) {
        throw new FicError(
          'api',
          `${endpoint} answered more than ${Math.round((call.maxBodyBytes ?? 0) / 1048576) || 256} MB: too large to read.`,
          { details: { endpoint, tooLarge: true, maxBodyBytes: call.maxBodyBytes ?? null } },
        );
      }
      const failure: AttemptFailure = answer.timedOut
        ? { reason: 'timeout', status: answer.status, detail: undefined }
        : { reason: 'network', status: answer.status, detail: networkDetail(answer.error) };
      return this.#retryable(failure, attempt);
    }
    const { status } = answer;
    if (status === 429) {
      this.stats.rateLimited += 1;
      const waitMs = this.#retry.rateLimitWaitMs(answer.headers, this.#now(), attempt - 1);
      this.#onEvent({ type: 'rate_limited', endpoint, attempt, waitMs });
      const tooLong = this.#retry.waitTooLong(answer.headers, this.#now());
      if (tooLong !== undefined) throw rateLimitWaitTooLong(endpoint, tooLong);
      const failure: AttemptFailure = { reason: 'rate_limited', status, detail: apiErrorDetail(answer.text) };
      return { ok: false, failure, waitMs };
    }
    if (status >= 500 || status === 408) {
      return this.#retryable(
        { reason: 'server_error', status, detail: apiErrorDetail(answer.text) },
        attempt,
      );
    }
    if (status < 200 || status >= 300) throw fatalStatusError(status, apiErrorDetail(answer.text), endpoint);
    try {
      return {
        ok: true,
        value: parseIntercomResponse(call.schema, parseJsonBody(answer.text, endpoint), call),
        text: answer.text,
      };
    } catch (error) {
      if (!(error instanceof FicError)) throw error;
      return this.#retryable({ reason: 'malformed_response', status, detail: undefined, error }, attempt);
    }
  }

  #retryable(failure: AttemptFailure, attempt: number): Outcome<never> {
    return { ok: false, failure, waitMs: this.#retry.backoffMs(attempt - 1) };
  }

  /** Belt and braces: no message leaves the client with the token in it. */
  #scrub(error: FicError): FicError {
    if (!error.message.includes(this.#token)) return error;
    return new FicError(error.code, error.message.split(this.#token).join('(redacted)'), {
      details: error.details,
    });
  }
}

/** A 429 whose reset is further away than a run should wait: it fails now, and the next run resumes. */
function rateLimitWaitTooLong(endpoint: string, waitMs: number): FicError {
  const minutes = Math.max(1, Math.round(waitMs / 60_000));
  return new FicError(
    'rate_limited',
    `Intercom's rate limit for this app resets in ${minutes} minute${minutes === 1 ? '' : 's'} (${endpoint} answered 429): another integration may be using the app's budget. The sync stopped; what it wrote is kept and the next sync continues from there. Raise FASTINTERCOM_MAX_RATE_LIMIT_WAIT_SECONDS to wait longer.`,
    { details: { endpoint, waitMs } },
  );
}

function cancelled(endpoint: string): FicError {
  return new FicError('aborted', `${endpoint} was cancelled.`);
}
