import { BaseCommand } from '../base-command.js';

export default class Mcp extends BaseCommand {
  static override summary = 'Run the MCP server on stdio, for AI assistants (same as fic-mcp).';
  static override description = `stdout carries the protocol, logs go to stderr. --db sets FASTINTERCOM_DB_PATH for the server.

To add it to Claude Code, Claude Desktop, Cursor or VS Code: fic mcp install --client NAME (--print shows the entry). By hand, an assistant's config runs it as { "command": "npx", "args": ["-y", "fastintercom", "mcp"] }, or, from a clone or an installed copy, { "command": "node", "args": ["/absolute/path/to/fastintercom/bin/fic-mcp"] }. Leave the token out of that config: fic init stores it where the server reads it.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --db ~/support.db',
  ];
  static override enableJsonFlag = false;

  public async run(): Promise<void> {
    const { flags } = await this.parse(Mcp);
    if (flags.db !== undefined) process.env.FASTINTERCOM_DB_PATH = flags.db;
    const { main } = await import('@fastintercom/mcp');
    await main();
  }
}
