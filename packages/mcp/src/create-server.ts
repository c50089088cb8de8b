import fs from 'node:fs';
import type { FicConfig } from '@fastintercom/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { BackgroundSync } from './background-sync.js';
import { DatabaseHandle } from './database-handle.js';
import type { OpenDatabase } from './database-handle.js';
import { readFreshness, readIntercomLinks, toolFreshness } from './answer-freshness.js';
import { stderrLogger } from './logger.js';
import type { Logger } from './logger.js';
import { registerConversationTranscriptResource } from './resources/conversation-transcript.js';
import { SyncJobManager } from './sync-jobs.js';
import type { SyncJobManagerOptions } from './sync-jobs.js';
import type { ToolContext } from './tool-context.js';
import { ToolRegistry } from './tool-registry.js';
import { registerGetConversationSummaryTool } from './tools/get-conversation-summary.js';
import { registerGetCompanyContextTool } from './tools/get-company-context.js';
import { registerGetConversationTool } from './tools/get-conversation.js';
import { registerGetCustomerContextTool } from './tools/get-customer-context.js';
import { registerGetRecentConversationsTool } from './tools/get-recent-conversations.js';
import { registerGetSyncStatusTool } from './tools/get-sync-status.js';
import { registerGetTeamPerformanceTool } from './tools/get-team-performance.js';
import { registerGetTicketTool } from './tools/get-ticket.js';
import { registerSearchTicketsTool } from './tools/search-tickets.js';
import { registerSearchContactsTool } from './tools/search-contacts.js';
import { registerSearchConversationsTool } from './tools/search-conversations.js';
import { registerSyncConversationsTool } from './tools/sync-conversations.js';

export interface ServerDeps {
  config: Readonly<FicConfig>;
  /** Opens the database for reading, once, on the first call that needs it. Default: read-only openDatabase. */
  openDatabase?: OpenDatabase;
  /** Diagnostics (never stdout). Default: stderr. */
  logger?: Logger;
  /** Milliseconds clock for queries, jobs and the schedule. Default Date.now. */
  now?: () => number;
  /** Used by syncs to reach Intercom. Default the global fetch. */
  fetch?: typeof fetch;
  /**
   * The database connection, sync jobs and schedule, when several servers share them (`fic serve` builds
   * one server per HTTP session). Their owner starts and stops them: cleanup then leaves them running.
   */
  shared?: SharedServerParts;
}

export interface SharedServerParts {
  database: DatabaseHandle;
  jobs: SyncJobManager;
  background: BackgroundSync | undefined;
}

export interface FicMcpServer {
  server: McpServer;
  /** Stops the schedule, cancels a running sync (it records where it stopped) and closes the database. */
  cleanup: () => Promise<void>;
}

const instructions =
  'FastIntercom answers from a local copy of an Intercom workspace, in milliseconds. Find conversations with ' +
  'search_conversations (by content) or get_recent_conversations (by activity); read one with ' +
  'get_conversation or get_conversation_summary (ids as Intercom shows them: 123, #123 or the Inbox URL); ' +
  'search_contacts to find a customer, get_customer_context before replying to one; ' +
  'get_team_performance for metrics. If answers look empty or stale, check get_sync_status and start ' +
  'sync_conversations.';

/** Builds the server with every tool and the transcript resource. Opens nothing and calls no network. */
export function createServer(deps: ServerDeps): FicMcpServer {
  const logger = deps.logger ?? stderrLogger();
  const now = deps.now ?? Date.now;
  const { config } = deps;
  const server = new McpServer(
    { name: 'fastintercom', title: 'FastIntercom', version: packageVersion() },
    { instructions },
  );
  const { database, jobs, background } = deps.shared ?? createSharedParts(deps);
  const context: ToolContext = {
    config,
    database,
    jobs,
    background,
    server,
    logger,
    nowSeconds: () => Math.floor(now() / 1000),
    links: async () => readIntercomLinks(database, Math.floor(now() / 1000), config.region),
  };

  const registry = new ToolRegistry(server, logger, async () =>
    toolFreshness(await readFreshness(database, context.nowSeconds())),
  );
  registerAllTools(registry, context);
  registry.takeOverCalls();
  registerConversationTranscriptResource(server, context);
  if (deps.shared !== undefined) return { server, cleanup: () => Promise.resolve() };
  background?.start();

  return {
    server,
    cleanup: async (): Promise<void> => {
      background?.stop();
      await jobs.close();
      await database.close();
    },
  };
}

/** Every tool, in the order tools/list shows them. */
export function registerAllTools(registry: ToolRegistry, context: ToolContext): void {
  registerSearchConversationsTool(registry, context);
  registerGetConversationTool(registry, context);
  registerGetConversationSummaryTool(registry, context);
  registerGetCustomerContextTool(registry, context);
  registerSearchContactsTool(registry, context);
  registerGetRecentConversationsTool(registry, context);
  registerGetTeamPerformanceTool(registry, context);
  registerGetTicketTool(registry, context);
  registerSearchTicketsTool(registry, context);
  registerGetCompanyContextTool(registry, context);
  registerSyncConversationsTool(registry, context);
  registerGetSyncStatusTool(registry, context);
}

/** The parts one server owns, or several share (see ServerDeps.shared). Opens nothing; nothing starts. */
export function createSharedParts(
  deps: Omit<ServerDeps, 'shared'> & Pick<SyncJobManagerOptions, 'runSync'>,
): SharedServerParts {
  const logger = deps.logger ?? stderrLogger();
  const now = deps.now ?? Date.now;
  const { config } = deps;
  const database = new DatabaseHandle(config.dbPath, deps.openDatabase, logger);
  const jobs = new SyncJobManager({ config, logger, now, fetch: deps.fetch, runSync: deps.runSync });
  const intervalMs = config.syncIntervalMinutes * 60_000;
  const background =
    config.backgroundSyncEnabled && config.accessToken !== undefined
      ? new BackgroundSync({
          jobs,
          intervalMs,
          logger,
          now,
          dueAtStartUp: async () => {
            const freshness = await readFreshness(database, Math.floor(now() / 1000));
            const age = freshness?.dataAgeSeconds ?? null;
            return age === null || age * 1000 >= intervalMs;
          },
        })
      : undefined;
  return { database, jobs, background };
}

function packageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
