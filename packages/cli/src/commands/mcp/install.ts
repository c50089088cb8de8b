import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { MCP_CLIENTS, SERVER_NAME } from '../../mcp-client-config.js';
import type { McpClient, McpServerEntry } from '../../mcp-client-config.js';

export interface McpInstallResult {
  client: McpClient;
  /** The client's config file. */
  path: string;
  /** False with --print: nothing was changed. */
  written: boolean;
  /** True when the file already had a fastintercom entry (it was replaced). */
  replaced: boolean;
  /** The server entry, as the file holds it. */
  entry: McpServerEntry;
  notes: string[];
}

export default class McpInstall extends BaseCommand {
  static override summary = "Add this fic's MCP server to Claude Code, Claude Desktop, Cursor or VS Code.";
  static override description = `Writes a "fastintercom" entry into the client's user config file (merged with the servers and settings already there; an existing file keeps its mode, a new one is 0600), pointing at this installation's fic-mcp with the node that runs it. --print shows the entry instead of writing it.

The token is never written: the server reads the one fic init stored. Settings set only in this shell (FASTINTERCOM_REGION, FASTINTERCOM_API_URL, ...) and --db are written as the entry's env. Files: Claude Code ~/.claude.json (user scope), Claude Desktop claude_desktop_config.json in its settings directory, Cursor ~/.cursor/mcp.json, VS Code mcp.json in its User directory.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --client claude-desktop',
    '<%= config.bin %> <%= command.id %> --client cursor --db ~/support.db',
    '<%= config.bin %> <%= command.id %> --client vscode --print',
  ];

  static override flags = {
    client: Flags.string({
      summary: 'The MCP client to configure.',
      options: [...MCP_CLIENTS],
      required: true,
    }),
    print: Flags.boolean({ summary: 'Print the entry and where it goes; change nothing.' }),
  };

  public async run(): Promise<McpInstallResult> {
    const { flags } = await this.parse(McpInstall);
    const client = flags.client as McpClient;
    const { config, sources } = await this.loadConfig({ dbPath: flags.db });
    const { settingEnvName } = await import('@fastintercom/core/read');
    const { ficMcpBinPath, ficCommand } = await import('../../installation.js');
    const { settingsOnlyInThisShell } = await import('../../shell-settings.js');
    const { clientEntry, configSnippet, mcpClientTarget, writeClientConfig } =
      await import('../../mcp-client-config.js');

    const env = settingsOnlyInThisShell(sources, settingEnvName);
    if (sources.dbPath === 'flag' || sources.dbPath === 'env')
      env.FASTINTERCOM_DB_PATH = path.resolve(config.dbPath);
    const entry = clientEntry(client, { command: process.execPath, args: [ficMcpBinPath()], env });
    const target = mcpClientTarget(client);

    const notes: string[] = [];
    const fic = ficCommand();
    if (sources.accessToken !== 'file') {
      notes.push(
        config.accessToken === undefined
          ? `No Intercom token is stored: run ${fic} init, or the server only answers from the copy (no background sync).`
          : `The token comes from this shell's environment, which the assistant does not see, and is not written into its config: run ${fic} init to store it.`,
      );
    }
    notes.push(`The entry runs ${process.execPath}: after moving or upgrading node, run this again.`);

    if (flags.print) {
      this.log(`# ${target.path}\n${configSnippet(target, entry)}`);
      if (client === 'claude-code') {
        this.log(
          `# or: claude mcp add-json --scope user ${SERVER_NAME} '${JSON.stringify(entry).replaceAll("'", "'\\''")}'`,
        );
      }
      for (const note of notes) this.log(`Note: ${note}`);
      return { client, path: target.path, written: false, replaced: false, entry, notes };
    }

    const { replaced } = writeClientConfig(target, entry);
    this.log(`${replaced ? 'Replaced' : 'Added'} the ${SERVER_NAME} MCP server in ${target.path}.`);
    this.log(`Restart ${clientName(client)} to load it.`);
    for (const note of notes) this.log(`Note: ${note}`);
    return { client, path: target.path, written: true, replaced, entry, notes };
  }
}

function clientName(client: McpClient): string {
  return {
    'claude-code': 'Claude Code',
    'claude-desktop': 'Claude Desktop',
    cursor: 'Cursor',
    vscode: 'VS Code',
  }[client];
}
