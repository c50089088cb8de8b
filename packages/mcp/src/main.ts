import { isFicError, readConfigFile, resolveConfig } from '@fastintercom/core/read';
import type { FicConfig } from '@fastintercom/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createServer } from './create-server.js';
import { stderrLogger } from './logger.js';

/**
 * Runs the MCP server on stdio until the client goes away (stdin closes) or a signal arrives. What
 * `fic-mcp` and `fic mcp` start. Stdout carries only the protocol; everything else goes to stderr.
 * The transport connects first; the database opens on the first tool call.
 */
export async function main(): Promise<void> {
  const logger = stderrLogger();
  let config: Readonly<FicConfig>;
  try {
    config = resolveConfig({ env: process.env, file: readConfigFile() }).config;
  } catch (error) {
    logger(`Cannot start: ${isFicError(error) ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }

  const { server, cleanup } = createServer({ config, logger });

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async (): Promise<void> => {
      logger(`Stopping (${reason}).`);
      try {
        await cleanup();
        await server.close();
      } catch (error) {
        logger(`Error while stopping: ${String(error)}`);
      }
      process.exit(process.exitCode ?? 0);
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.stdin.once('end', () => void stop('stdin closed'));
  process.stdin.once('close', () => void stop('stdin closed'));

  await server.connect(new StdioServerTransport());
  const background = config.backgroundSyncEnabled && config.accessToken !== undefined;
  logger(
    `Ready: database ${config.dbPath}, background sync ` +
      (background ? `every ${config.syncIntervalMinutes} min` : 'off'),
  );
}
