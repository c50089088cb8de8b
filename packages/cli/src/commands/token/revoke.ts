import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../base-command.js';
import { openTokenDatabase } from '../../token-database.js';

export default class TokenRevoke extends BaseCommand {
  static override summary = 'Revoke a personal token: fic serve refuses it from the next request.';
  static override examples = ['<%= config.bin %> <%= command.id %> alice'];
  static override args = {
    name: Args.string({ description: 'The token name (fic token list).', required: true }),
  };

  public async run(): Promise<{ name: string; revokedAt: string }> {
    const { args, flags } = await this.parse(TokenRevoke);
    const { config } = await this.loadConfig({ dbPath: flags.db });
    const { revokePersonalToken } = await import('@fastintercom/core');
    const database = await openTokenDatabase(config.dbPath);
    try {
      const info = revokePersonalToken(database, args.name, Math.floor(Date.now() / 1000));
      const revokedAt = new Date(info.revokedAt! * 1000).toISOString();
      this.log(`Token ${info.name} revoked (${revokedAt}).`);
      return { name: info.name, revokedAt };
    } finally {
      await database.close();
    }
  }
}
