import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '@fastintercom/core/read';

/**
 * Where each MCP client keeps its servers, and how an entry is merged into that file: the file's other
 * keys and servers are kept, an existing file keeps its mode (a new one is 0600, in 0700 directories
 * we create), and it is replaced atomically (through a symlink, the file it points to).
 */

export const MCP_CLIENTS = ['claude-code', 'claude-desktop', 'cursor', 'vscode'] as const;
export type McpClient = (typeof MCP_CLIENTS)[number];

export const SERVER_NAME = 'fastintercom';

export interface McpServerEntry {
  type?: 'stdio';
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface McpClientTarget {
  client: McpClient;
  /** The JSON file the client reads its servers from. */
  path: string;
  /** The key under which that file lists servers by name. */
  serversKey: 'mcpServers' | 'servers';
}

/** The user-level config file of each client on this platform (HOME, APPDATA, XDG_CONFIG_HOME respected). */
export function mcpClientTarget(
  client: McpClient,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): McpClientTarget {
  const home = os.homedir();
  // The directory desktop apps keep per-user settings in.
  const appData =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  switch (client) {
    case 'claude-code':
      // User scope: what `claude mcp add --scope user` writes.
      return { client, path: path.join(home, '.claude.json'), serversKey: 'mcpServers' };
    case 'claude-desktop':
      return {
        client,
        path: path.join(appData, 'Claude', 'claude_desktop_config.json'),
        serversKey: 'mcpServers',
      };
    case 'cursor':
      return { client, path: path.join(home, '.cursor', 'mcp.json'), serversKey: 'mcpServers' };
    case 'vscode':
      return { client, path: path.join(appData, 'Code', 'User', 'mcp.json'), serversKey: 'servers' };
  }
}

/** The entry as the client expects it: VS Code and Claude Code name the transport, the others assume stdio. */
export function clientEntry(client: McpClient, server: McpServerEntry): McpServerEntry {
  const withEnv = server.env && Object.keys(server.env).length > 0 ? server : { ...server, env: undefined };
  const entry: McpServerEntry =
    client === 'vscode' || client === 'claude-code' ? { type: 'stdio', ...withEnv } : withEnv;
  return JSON.parse(JSON.stringify(entry)) as McpServerEntry;
}

/** What `--print` shows: the part of the file that holds the entry. */
export function configSnippet(target: McpClientTarget, entry: McpServerEntry): string {
  return JSON.stringify({ [target.serversKey]: { [SERVER_NAME]: entry } }, null, 2);
}

/**
 * Adds (or replaces) the fastintercom entry in the client's file. Returns whether one was there
 * before. A file that is not a JSON object (JSON with comments, say) is refused and left as it is.
 */
export function writeClientConfig(target: McpClientTarget, entry: McpServerEntry): { replaced: boolean } {
  const file = realTarget(target.path);
  let existing: Record<string, unknown> = {};
  let mode: number | undefined;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
    mode = fs.statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new FicError('config', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (text !== undefined && text.trim() !== '') {
    existing = parseObject(text, file);
  }
  const servers = existing[target.serversKey] ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new FicError(
      'config',
      `"${target.serversKey}" in ${file} is not an object: fix it, or add the entry by hand (fic mcp install --client ${target.client} --print shows it).`,
    );
  }
  const replaced = Object.hasOwn(servers, SERVER_NAME);
  const merged = { ...existing, [target.serversKey]: { ...servers, [SERVER_NAME]: entry } };

  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.fic-tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(merged, null, 2)}\n`, { mode: mode ?? 0o600 });
    // The umask may have taken bits away: the new file gets the old file's mode exactly.
    fs.chmodSync(temp, mode ?? 0o600);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new FicError('config', `Cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
  return { replaced };
}

function parseObject(text: string, file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FicError(
      'config',
      `${file} is not a plain JSON object (comments or trailing commas?), so fic leaves it as it is: add the entry by hand (fic mcp install --print shows it).`,
    );
  }
  return json as Record<string, unknown>;
}

/** The file a symlinked config points to (dotfile managers link them), so the link stays a link. */
function realTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
