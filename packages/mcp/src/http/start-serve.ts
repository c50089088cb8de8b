import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { createServer, createSharedParts } from '../create-server.js';
import { stderrLogger } from '../logger.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { auditSink } from './audit-log.js';
import { createHttpApp } from './http-app.js';
import { McpSessions } from './mcp-sessions.js';
import type { ServeOptions } from './serve-options.js';
import { WebhookRefresher } from './webhook-refresher.js';
import { runSyncInWorker } from './worker-sync.js';

export interface RunningServe {
  /** The port listened on (the one picked when asked for 0). */
  port: number;
  /** The MCP endpoint's canonical URL. */
  mcpUrl: string;
  /** Stops listening, closes every session, stops the schedule, cancels a running sync, closes the database. */
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Starts `fic serve`: one HTTP server holding the shared database connection, sync jobs and schedule
 * (the background sync, under the same lock as cron's `fic sync`), a fic-mcp server per MCP session, the
 * webhook receiver and its refresher. Resolves once it listens.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const logger = options.logger ?? stderrLogger('fic-serve');
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const { config } = options;
  // Syncs run in a worker thread, off the loop answering tool calls; a test's fetch keeps them here.
  const shared = createSharedParts({
    config,
    logger,
    now,
    fetch: options.fetch,
    runSync: options.fetch === undefined ? runSyncInWorker : undefined,
  });
  const httpServer = http.createServer();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 8787, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const base = new URL(options.publicUrl ?? `http://${urlHost}:${port}`);
  const resource = new URL('/mcp', base);
  const resourceMetadataUrl = new URL(getOAuthProtectedResourceMetadataUrl(resource));

  const sessions = new McpSessions({
    createSessionServer: () => createServer({ config, logger, now, fetch: options.fetch, shared }),
    logger,
    now,
  });
  const audit = auditSink(options.auditLog);
  const refresher =
    options.webhookSecret === undefined
      ? undefined
      : new WebhookRefresher({
          config,
          logger,
          fetch: options.fetch,
          ownSyncRunning: () => shared.jobs.running() !== undefined,
        });
  const app = createHttpApp({
    shared,
    sessions,
    verifier: new AccessTokenVerifier({ database: shared.database, resource, oauth: options.oauth, now }),
    resource,
    resourceMetadataUrl,
    authorizationServers:
      options.oauth?.authorizationServers ?? (options.oauth ? [options.oauth.issuer] : []),
    allowedOrigins: options.allowedOrigins ?? [],
    requestsPerMinute: options.requestsPerMinute ?? 600,
    audit: audit.write,
    auditArguments: options.auditArguments ?? false,
    webhook:
      refresher === undefined
        ? undefined
        : { secret: options.webhookSecret!, refresher, maxAgeSeconds: options.webhookMaxAgeSeconds ?? 300 },
    logger,
    now,
  });
  httpServer.on('request', app);
  shared.background?.start();

  const reach = loopback.has(host) ? 'this machine only' : `every interface of ${host}`;
  logger(`Listening on http://${urlHost}:${port} (${reach}); MCP endpoint ${resource.href}`);
  logger(
    `Authentication: personal tokens (fic token create)` +
      (options.oauth === undefined ? '' : ` and OAuth access tokens from ${options.oauth.issuer}`) +
      `; webhooks ${refresher === undefined ? 'off (FASTINTERCOM_WEBHOOK_SECRET unset)' : 'at /webhooks/intercom'}` +
      `; background sync ${shared.background === undefined ? 'off' : `every ${config.syncIntervalMinutes} min`}.`,
  );
  if (!loopback.has(host) && base.protocol !== 'https:') {
    logger('Not on loopback and no https public URL: put a TLS reverse proxy in front (see docs/serve.md).');
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    mcpUrl: resource.href,
    close: () =>
      (closing ??= (async (): Promise<void> => {
        shared.background?.stop();
        await sessions.closeAll();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await refresher?.stop();
        await shared.jobs.close();
        await shared.database.close();
        audit.close();
      })()),
  };
}
