import type { HttpTransport } from '@fastintercom/core';

/** What the syncing process asked of the API, counted on the wire (independently of the sync's own counters). */
export interface RequestCounts {
  requests: number;
  /** 'POST /conversations/search', 'GET /conversations/{id}', ... */
  byRoute: Record<string, number>;
  /** Responses with status 429. */
  rateLimited: number;
  /** Other responses that were not 2xx. */
  failed: number;
  /** Response body bytes of 2xx responses: the raw JSON fetched. */
  responseBytes: number;
}

export function emptyRequestCounts(): RequestCounts {
  return { requests: 0, byRoute: {}, rateLimited: 0, failed: 0, responseBytes: 0 };
}

/**
 * Wraps the client's transport (the benchmark passes the default one `fic sync` uses, so what is measured
 * is what users run) to count requests per route, 429s and response bytes.
 */
export function countingTransport(base: HttpTransport, counts: RequestCounts): HttpTransport {
  return async (request) => {
    const route = routeOf(request.url, request.method);
    counts.requests += 1;
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    const answer = await base(request);
    if (answer.status === 429) counts.rateLimited += 1;
    else if (answer.status < 200 || answer.status > 299) counts.failed += 1;
    // The header when sent (free to read); measuring the text would add a scan of every body to the
    // process being measured.
    else
      counts.responseBytes += Number(answer.headers.get('content-length') ?? Buffer.byteLength(answer.text));
    return answer;
  };
}

/** The method and path with ids replaced: 'GET /conversations/{id}'. */
export function routeOf(url: string | URL, method = 'GET'): string {
  const path = new URL(url).pathname.replace(/\/(?=[^/]*\d)[^/]+/g, '/{id}');
  return `${method.toUpperCase()} ${path}`;
}
