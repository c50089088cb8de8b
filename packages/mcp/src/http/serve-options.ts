import type { FicConfig } from '@fastintercom/core';
import type { Logger } from '../logger.js';
import type { OAuthResourceOptions } from './access-token-verifier.js';

/** What `fic serve` runs with. Every field but config has a default. */
export interface ServeOptions {
  config: Readonly<FicConfig>;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Default 8787; 0 picks a free port (the started server reports it). */
  port?: number;
  /**
   * The URL clients use to reach the server (behind a reverse proxy: its https URL). Its `/mcp` is the
   * canonical resource URL OAuth tokens must name as audience. Default http://<host>:<port>.
   */
  publicUrl?: string;
  /** Origins (browser pages) allowed besides the public URL's own. Default none. */
  allowedOrigins?: readonly string[];
  /** Accept access tokens from this identity provider (besides personal tokens). */
  oauth?: OAuthResourceOptions & {
    /** Authorization servers named in the protected resource metadata. Default [issuer]. */
    authorizationServers?: readonly string[];
  };
  /** Requests per minute per principal (token or OAuth subject) at /mcp. Default 600. */
  requestsPerMinute?: number;
  /** Append audit lines to this file (0600) instead of stderr. */
  auditLog?: string;
  /** Write tool arguments and resource URIs into the audit log (they hold customers' data). Default false. */
  auditArguments?: boolean;
  /** The Intercom app's client secret: enables POST /webhooks/intercom. */
  webhookSecret?: string;
  /** Webhook notifications older than this are refused. Default 300 s. */
  webhookMaxAgeSeconds?: number;
  logger?: Logger;
  /** For syncs and refreshes to reach Intercom (tests). Default the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
}
