import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';

export default class Serve extends BaseCommand {
  static override summary =
    'Serve the MCP tools to a team over HTTP, with one background sync and real authentication.';
  static override description = `One process: the background sync on its schedule (sharing the sync lock with cron's fic sync), the tools and resources of fic-mcp over MCP Streamable HTTP at /mcp, /healthz and /readyz (JSON), and with FASTINTERCOM_WEBHOOK_SECRET set, Intercom webhooks at /webhooks/intercom that refresh the conversation or ticket they name within seconds.

Every /mcp request needs a bearer token: a personal token (fic token create --name NAME) or, with --oauth-issuer, an access token (JWT) from your identity provider whose audience is <public URL>/mcp and whose scope holds fic:read (fic:sync to start syncs). Without one the answer is 401 naming the protected resource metadata (/.well-known/oauth-protected-resource).

It listens on 127.0.0.1 unless --host says otherwise. It speaks plain HTTP: for a team, put a TLS reverse proxy in front and pass its URL as --public-url. Audit lines (who, tool, when, how long, how large; no arguments unless --audit-arguments) go to stderr or --audit-log. See docs/serve.md.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --host 0.0.0.0 --public-url https://fic.example.com',
    '<%= config.bin %> <%= command.id %> --public-url https://fic.example.com --oauth-issuer https://login.example.com/',
  ];
  static override enableJsonFlag = false;

  static override flags = {
    host: Flags.string({
      summary: 'Interface to listen on.',
      default: '127.0.0.1',
      env: 'FASTINTERCOM_SERVE_HOST',
    }),
    port: Flags.integer({
      summary: 'Port (0: any free one).',
      default: 8787,
      min: 0,
      max: 65_535,
      env: 'FASTINTERCOM_SERVE_PORT',
    }),
    'public-url': Flags.string({
      summary:
        "The URL clients reach the server at (the reverse proxy's https URL); its /mcp path is the OAuth audience.",
      env: 'FASTINTERCOM_PUBLIC_URL',
    }),
    'allowed-origin': Flags.string({
      summary: "A browser Origin allowed besides the public URL's (repeatable). Others get 403.",
      multiple: true,
    }),
    'oauth-issuer': Flags.string({
      summary: 'Accept access tokens (JWTs) issued by this identity provider.',
      env: 'FASTINTERCOM_OAUTH_ISSUER',
    }),
    'oauth-jwks-url': Flags.string({
      summary: "The issuer's signing keys (JWKS). Default: read from the issuer's metadata.",
      env: 'FASTINTERCOM_OAUTH_JWKS_URL',
    }),
    'requests-per-minute': Flags.integer({
      summary: 'Requests per minute each client (token or OAuth subject) may send to /mcp.',
      default: 600,
      min: 1,
    }),
    'audit-log': Flags.string({
      summary: 'Append the audit log to this file (created 0600) instead of stderr.',
      env: 'FASTINTERCOM_AUDIT_LOG',
    }),
    'audit-arguments': Flags.boolean({
      summary: 'Also log tool arguments and resource URIs (they hold customer data).',
    }),
    'webhook-max-age': Flags.integer({
      summary: 'Refuse webhook notifications older than this many seconds.',
      default: 300,
      min: 1,
    }),
  };

  public async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const { config } = await this.loadConfig({ dbPath: flags.db });
    const { discoverJwksUrl, startServe, stderrLogger } = await import('@fastintercom/mcp');
    const logger = stderrLogger('fic-serve');
    const issuer = flags['oauth-issuer'];
    const oauth =
      issuer === undefined
        ? undefined
        : { issuer, jwksUrl: flags['oauth-jwks-url'] ?? (await discoverJwksUrl(issuer)) };
    const webhookSecret = process.env.FASTINTERCOM_WEBHOOK_SECRET;
    if (webhookSecret !== undefined && webhookSecret !== '' && config.accessToken === undefined) {
      logger(
        'FASTINTERCOM_WEBHOOK_SECRET is set but no Intercom token is: webhooks cannot refresh anything.',
      );
    }
    const running = await startServe({
      config,
      host: flags.host,
      port: flags.port,
      publicUrl: flags['public-url'],
      allowedOrigins: flags['allowed-origin'] ?? [],
      oauth,
      requestsPerMinute: flags['requests-per-minute'],
      auditLog: flags['audit-log'],
      auditArguments: flags['audit-arguments'],
      webhookSecret: webhookSecret === '' || config.accessToken === undefined ? undefined : webhookSecret,
      webhookMaxAgeSeconds: flags['webhook-max-age'],
      logger,
    });
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        logger(`Stopping (${signal}).`);
        void running.close().finally(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  }
}
