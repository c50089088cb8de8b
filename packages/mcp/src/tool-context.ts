import type { FicConfig } from '@fastintercom/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { BackgroundSync } from './background-sync.js';
import type { DatabaseHandle } from './database-handle.js';
import type { IntercomLinks } from './intercom-reference.js';
import type { Logger } from './logger.js';
import type { SyncJobManager } from './sync-jobs.js';

/** What every tool and resource handler may use; built once by createServer. */
export interface ToolContext {
  readonly config: Readonly<FicConfig>;
  readonly database: DatabaseHandle;
  readonly jobs: SyncJobManager;
  /** The schedule, when background sync is enabled. */
  readonly background: BackgroundSync | undefined;
  /** For what the client offers (sampling) and asking it (createMessage). */
  readonly server: McpServer;
  readonly logger: Logger;
  /** Unix seconds: the "now" the queries use. */
  nowSeconds(): number;
  /** Inbox links (intercom_url) for the synced workspace. */
  links(): Promise<IntercomLinks>;
}
