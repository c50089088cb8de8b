import type { Workspace } from '../workspace/workspace.js';

/** What a route handler sees of a request. */
export interface RouteRequest {
  workspace: Workspace;
  url: URL;
  params: string[];
  body: unknown;
  /** The Intercom-Version in force for this request. */
  version: string;
}

/** A body to encode as JSON, or one already encoded (UTF-8 JSON bytes, sent as they are). */
export type RouteResponse = { status?: number; body: unknown } | { status?: number; encoded: Buffer };

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Stable name used in stats().byRoute, e.g. `GET /conversations/{id}`. */
  name: string;
  handle: (request: RouteRequest) => RouteResponse;
  /** Test-control routes skip rate limiting, latency and faults. */
  control?: boolean;
}

/** Versions before 2.16 send null for unassigned and `priority`/`not_priority`. */
export function isLegacyVersion(version: string): boolean {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (match === null) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major < 2 || (major === 2 && minor < 16);
}
