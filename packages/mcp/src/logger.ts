/** Where the server's diagnostics go. Never stdout: that is the MCP protocol stream. */
export type Logger = (message: string) => void;

/** Writes one line per message to stderr, prefixed so it stands out in an MCP client's server log. */
export function stderrLogger(prefix = 'fic-mcp'): Logger {
  return (message: string): void => {
    process.stderr.write(`[${prefix}] ${message}\n`);
  };
}
