import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { openTokenDatabase, parseExpiry } from '../../token-database.js';

export interface TokenCreateResult {
  name: string;
  scope: 'read' | 'sync';
  /** Shown this once: only its SHA-256 is stored. */
  token: string;
  createdAt: string;
  expiresAt: string | null;
}

export default class TokenCreate extends BaseCommand {
  static override summary = 'Create a personal token for fic serve (printed once, stored as a hash).';
  static override description =
    'The token is 32 random bytes; the database keeps only its SHA-256, so it cannot be shown again: give it to its owner now. ' +
    'read allows every read tool and the transcripts; sync also allows sync_conversations. The server checks tokens on every request, so fic token revoke takes effect at once.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --name alice',
    '<%= config.bin %> <%= command.id %> --name ci-bot --scope sync --expires 90d',
  ];

  static override flags = {
    name: Flags.string({
      summary: 'Who or what the token is for (shown in fic token list and the audit log).',
      required: true,
    }),
    scope: Flags.string({ summary: 'read (default) or sync.', options: ['read', 'sync'], default: 'read' }),
    expires: Flags.string({
      summary: 'Expiry: a span from now (90d, 12h, 2w) or a date (2027-01-31). Default: never.',
    }),
  };

  public async run(): Promise<TokenCreateResult> {
    const { flags } = await this.parse(TokenCreate);
    const { config } = await this.loadConfig({ dbPath: flags.db });
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = flags.expires === undefined ? undefined : await parseExpiry(flags.expires, now);
    const { createPersonalToken } = await import('@fastintercom/core');
    const database = await openTokenDatabase(config.dbPath);
    try {
      const { token, info } = createPersonalToken(database, {
        name: flags.name,
        scope: flags.scope as 'read' | 'sync',
        expiresAt,
        now,
      });
      const result: TokenCreateResult = {
        name: info.name,
        scope: info.scope,
        token,
        createdAt: new Date(info.createdAt * 1000).toISOString(),
        expiresAt: info.expiresAt === null ? null : new Date(info.expiresAt * 1000).toISOString(),
      };
      this.log(token);
      process.stderr.write(
        `Token ${info.name} (${info.scope}${result.expiresAt === null ? '' : `, expires ${result.expiresAt}`}) created. ` +
          'It is shown only now: the database keeps its hash. Clients send it as "Authorization: Bearer <token>".\n',
      );
      return result;
    } finally {
      await database.close();
    }
  }
}
