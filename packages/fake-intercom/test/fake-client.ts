/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument -- tests read arbitrary API JSON */
import type { FakeIntercom } from '../src/index.js';

/** A bare fetch wrapper for tests: the fake's own responses, nothing interpreted. */
/** Whatever JSON the fake answered. */
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function api(
  fake: Pick<FakeIntercom, 'url' | 'token'>,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  const token = init.token === undefined ? fake.token : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${fake.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function search(fake: FakeIntercom, body: unknown): Promise<ApiResponse> {
  return api(fake, '/conversations/search', { body });
}

/** Walks every page of a search, returning the conversations in the order served. */
export async function searchAll(
  fake: FakeIntercom,
  query: unknown,
  sort: unknown,
  perPage = 150,
): Promise<any[]> {
  const all: any[] = [];
  let startingAfter: string | undefined;
  // Bounded: a cursor that never ends fails instead of looping (no workspace here has 10,000 pages).
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await search(fake, {
      query,
      sort,
      pagination: { per_page: perPage, starting_after: startingAfter },
    });
    if (page.status !== 200) throw new Error(`search failed: ${page.status} ${page.text}`);
    all.push(...page.body.conversations);
    startingAfter = page.body.pages.next?.starting_after;
    if (startingAfter === undefined) return all;
  }
  throw new Error('search paged 10,000 times without reaching the end');
}
