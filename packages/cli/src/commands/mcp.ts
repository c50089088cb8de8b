import { BaseCommand } from '../base-command.js';

export default class Mcp extends BaseCommand {
  static override summary = 'Run the MCP server on stdio, for AI assistants (same as fic-mcp).';
  static override description =
    'stdout carries the protocol, logs go to stderr. Point your assistant at it, for example in Claude Desktop\'s config: { "command": "npx", "args": ["fic", "mcp"] }. --db sets FASTINTERCOM_DB_PATH for the server.';
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
