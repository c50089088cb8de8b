/** What the syncing process asked of the API, counted on the wire (independently of the sync's own counters). */
export interface RequestCounts {
  requests: number;
  /** 'POST /conversations/search', 'GET /conversations/{id}', ... */
  byRoute: Record<string, number>;
  /** Responses with status 429. */
  rateLimited: number;
  /** Other responses that were not 2xx. */
  failed: number;
  /** Response body bytes as sent (Content-Length) of 2xx responses: the raw JSON fetched. */
  responseBytes: number;
}

export function emptyRequestCounts(): RequestCounts {
  return { requests: 0, byRoute: {}, rateLimited: 0, failed: 0, responseBytes: 0 };
}

/**
 * Wraps fetch to count requests per route, 429s and response bytes. Reads only headers, so it costs the
 * syncing process nothing measurable.
 */
export function countingFetch(base: typeof fetch, counts: RequestCounts): typeof fetch {
  return async (input, init) => {
    const route = routeOf(input, init);
    counts.requests += 1;
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    const response = await base(input, init);
    if (response.status === 429) counts.rateLimited += 1;
    else if (!response.ok) counts.failed += 1;
    else counts.responseBytes += Number(response.headers.get('content-length') ?? 0);
    return response;
  };
}

/** The method and path with ids replaced: 'GET /conversations/{id}'. */
export function routeOf(input: string | URL | Request, init?: RequestInit): string {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const path = url.pathname.replace(/\/(?=[^/]*\d)[^/]+/g, '/{id}');
  return `${method} ${path}`;
}
