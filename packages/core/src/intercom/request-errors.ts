import { FicError } from '../errors.js';
import { errorListSchema } from './intercom-schemas.js';

/** Why an attempt failed in a way worth retrying. */
export type RetryReason = 'rate_limited' | 'server_error' | 'timeout' | 'network' | 'malformed_response';

/** The last retryable failure of a request, kept to explain it once the retries run out. */
export interface AttemptFailure {
  reason: RetryReason;
  status: number | null;
  /** Intercom's own `code: message`, or the network error code, when known. */
  detail: string | undefined;
  /** For malformed responses: the error that names the field. */
  error?: FicError;
}

export interface RequestFacts {
  endpoint: string;
  baseUrl: string;
  attempts: number;
  timeoutMs: number;
}

/** `code: message` from an Intercom error body (`{type:'error.list', errors:[...]}`), if it is one. */
export function apiErrorDetail(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = errorListSchema.safeParse(json);
  const first = parsed.success ? parsed.data.errors[0] : undefined;
  if (first === undefined) return undefined;
  const detail = [first.code, first.message].filter((part) => part != null && part !== '').join(': ');
  return detail === '' ? undefined : detail.slice(0, 300);
}

/** The error for an answer that retrying cannot fix (401, 403, 404, other 4xx). */
export function fatalStatusError(status: number, detail: string | undefined, endpoint: string): FicError {
  const details = { status, endpoint };
  const said = detail === undefined ? '' : ` (${detail})`;
  // The token is checked once, with GET /me: a 401 there is a token Intercom does not accept. Anywhere
  // else Intercom answers 401 (or 403) for a token that lacks the permission the endpoint needs.
  if (status === 401 && endpoint === 'GET /me') {
    return new FicError(
      'auth',
      "INTERCOM_ACCESS_TOKEN was rejected (401): create an access token in Intercom's Developer Hub (Your apps > Authentication) and run fic init",
      { details },
    );
  }
  if (status === 401 || status === 403) {
    const permission = permissionFor(endpoint);
    return new FicError(
      'permission',
      `The Intercom token lacks the "${permission}" permission: ${endpoint} answered ${status}${said}. Give the app "${permission}" in Intercom's Developer Hub (Your apps > Authentication > Edit permissions), check that your plan includes API access, then run fic init to check every permission fic needs.`,
      { details: { ...details, permission } },
    );
  }
  if (status === 404) {
    return new FicError('not_found', `${endpoint} found nothing (404${said}): it may have been deleted.`, {
      details,
    });
  }
  return new FicError(
    'api',
    `Intercom refused ${endpoint} with ${status}${said}: this is likely a bug in fic or an API version it does not support; check FASTINTERCOM_API_VERSION (fic is built for 2.16).`,
    { details },
  );
}

/** The Developer Hub permission an endpoint needs, as Intercom names it. */
export function permissionFor(endpoint: string): string {
  const path = endpoint.replace(/^[A-Z]+ /, '');
  if (path.startsWith('/admins') || path.startsWith('/teams')) return 'Read admins';
  if (path.startsWith('/tags')) return 'Read tags';
  if (path.startsWith('/contacts') || path.startsWith('/companies'))
    return 'Read and list users and companies';
  if (path.startsWith('/ticket')) return 'Read tickets'; // /tickets and /ticket_types
  return 'Read conversations';
}

/** The error once retries have run out, saying what happened and what to do. */
export function exhaustedError(failure: AttemptFailure, facts: RequestFacts): FicError {
  const { endpoint, attempts } = facts;
  const tries = attempts === 1 ? 'once' : `${attempts} times`;
  const details = { endpoint, attempts, status: failure.status };
  switch (failure.reason) {
    case 'rate_limited':
      return new FicError(
        'rate_limited',
        `Intercom answered 429 (rate limit exceeded) to ${endpoint}, ${tries}: another integration may be using this app's rate limit. Wait a minute and try again, or lower FASTINTERCOM_CONCURRENCY.`,
        { details },
      );
    case 'timeout':
      return new FicError(
        'timeout',
        `${endpoint} got no answer within ${facts.timeoutMs / 1000} s, ${tries}: Intercom is slow or unreachable. Try again later, or raise FASTINTERCOM_API_TIMEOUT_SECONDS.`,
        { details },
      );
    case 'network':
      return new FicError(
        'network',
        `Could not reach Intercom at ${facts.baseUrl} for ${endpoint}${failure.detail === undefined ? '' : ` (${failure.detail})`}, ${tries}: check your network connection and FASTINTERCOM_API_URL / FASTINTERCOM_REGION, then try again.`,
        { details },
      );
    case 'server_error':
      return new FicError(
        'api',
        `Intercom answered ${failure.status}${failure.detail === undefined ? '' : ` (${failure.detail})`} to ${endpoint}, ${tries}: Intercom seems to be having trouble (see https://www.intercomstatus.com). Try again later.`,
        { details },
      );
    case 'malformed_response':
      return new FicError(
        'malformed_response',
        `${failure.error?.message ?? `${endpoint} answered something unexpected`} (${tries}): the API may have changed; check FASTINTERCOM_API_VERSION (fic is built for 2.16), or try again later.`,
        { details: { ...failure.error?.details, ...details } },
      );
  }
}

/** A short name for a fetch failure: the system error code (ECONNRESET...) when there is one. */
export function networkDetail(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message.slice(0, 100) : undefined;
}
