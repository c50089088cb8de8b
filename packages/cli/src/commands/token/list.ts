import { BaseCommand } from '../../base-command.js';
import { openTokenDatabase } from '../../token-database.js';

export interface TokenListEntry {
  name: string;
  scope: 'read' | 'sync';
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export default class TokenList extends BaseCommand {
  static override summary = "List fic serve's personal tokens (names, scopes, status; never the tokens).";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  public async run(): Promise<TokenListEntry[]> {
    const { flags } = await this.parse(TokenList);
    const { config } = await this.loadConfig({ dbPath: flags.db });
    const { listPersonalTokens } = await import('@fastintercom/core');
    const database = await openTokenDatabase(config.dbPath);
    try {
      const iso = (seconds: number | null): string | null =>
        seconds === null ? null : new Date(seconds * 1000).toISOString();
      const entries = listPersonalTokens(database, Math.floor(Date.now() / 1000)).map((token) => ({
        name: token.name,
        scope: token.scope,
        status: token.status,
        createdAt: iso(token.createdAt)!,
        expiresAt: iso(token.expiresAt),
        revokedAt: iso(token.revokedAt),
      }));
      if (entries.length === 0) this.log('No tokens: fic token create --name NAME makes one.');
      for (const entry of entries) {
        const when =
          entry.status === 'revoked'
            ? `revoked ${entry.revokedAt}`
            : entry.expiresAt === null
              ? 'never expires'
              : `${entry.status === 'expired' ? 'expired' : 'expires'} ${entry.expiresAt}`;
        this.log(`${entry.name}  ${entry.scope}  ${entry.status}  created ${entry.createdAt}  ${when}`);
      }
      return entries;
    } finally {
      await database.close();
    }
  }
}
