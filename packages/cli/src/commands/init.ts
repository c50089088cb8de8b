import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import type { FicConfig, PermissionCheck } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { usageError } from '../exit-codes.js';
import { promptSecret } from '../secret-prompt.js';

export interface InitResult {
  configPath: string;
  /** The Intercom workspace the token belongs to. */
  workspace: { id: string | null; name: string | null };
  /** The admin (or app) the token acts as. */
  admin: { id: string | null; name: string | null; email: string | null };
  apiUrl: string;
  dbPath: string;
  /** Where the token came from: typed at the prompt (or piped on stdin) or the environment. */
  tokenFrom: 'prompt' | 'env';
  /** Every endpoint a sync uses, and whether the token may call it. */
  permissions: PermissionCheck[];
}

export default class Init extends BaseCommand {
  static override summary = 'Store your Intercom access token after checking it with Intercom.';
  static override description = `Reads the token from INTERCOM_ACCESS_TOKEN, else asks for it (or reads the first line of stdin), verifies it with GET /me, and writes ~/.fastintercom/config.json (mode 0600, directory 0700). Create a token in Intercom's Developer Hub: your app > Authentication.

Precedence afterwards: flags > environment variables > config file > defaults (see fic config).`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --region eu',
    'printenv INTERCOM_TOKEN | <%= config.bin %> <%= command.id %> --db ~/support.db',
  ];

  static override flags = {
    region: Flags.option({
      options: ['us', 'eu', 'au'] as const,
      summary: "Your workspace's hosting region (default FASTINTERCOM_REGION, else us).",
    })(),
  };

  public async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    const envToken = process.env.INTERCOM_ACCESS_TOKEN?.trim();
    const token = envToken || (await promptSecret('Intercom access token: ')).trim();
    if (!token) {
      throw usageError(
        'No token given: paste an Intercom access token (Developer Hub > your app > Authentication) or set INTERCOM_ACCESS_TOKEN.',
      );
    }
    if (envToken) this.logToStderr('Using INTERCOM_ACCESS_TOKEN from the environment.');
    // The file's token is about to be replaced: a rejected one is the variable's or the one typed.
    this.tokenOrigin = envToken ? { from: 'env' } : { from: 'prompt' };

    const { config } = await this.loadConfig({ accessToken: token, region: flags.region, dbPath: flags.db });
    const { IntercomClient, probePermissions, readConfigFile, writeConfigFile } =
      await import('@fastintercom/core');
    const client = new IntercomClient({
      baseUrl: config.apiUrl,
      token,
      apiVersion: config.apiVersion,
      timeoutMs: config.timeoutSeconds * 1000,
      retryCount: config.retryCount,
    });
    const me = await client.getMe();
    const permissions = await probePermissions(client);

    const saved: Partial<FicConfig> = { ...readConfigFile(), accessToken: token };
    if (flags.region) saved.region = flags.region;
    if (flags.db) saved.dbPath = path.resolve(flags.db);
    const configPath = writeConfigFile(saved);

    const result: InitResult = {
      configPath,
      workspace: { id: me.app?.id_code ?? null, name: me.app?.name ?? null },
      admin: { id: me.id ?? null, name: me.name ?? null, email: me.email ?? null },
      apiUrl: config.apiUrl,
      dbPath: saved.dbPath ?? config.dbPath,
      tokenFrom: envToken ? 'env' : 'prompt',
      permissions,
    };
    this.log(
      `Token verified: workspace "${result.workspace.name ?? 'unnamed'}" as ${describeAdmin(result.admin)}.`,
    );
    const { ficCommand } = await import('../installation.js');
    const fic = ficCommand();
    const missing = permissions.filter((check) => !check.ok);
    if (missing.length === 0) {
      this.log(`The token may call all ${permissions.length} endpoints a sync uses.`);
    } else {
      this.log(
        `The token lacks ${missing.length === 1 ? 'a permission' : `${missing.length} permissions`} a sync uses:`,
      );
      for (const check of missing)
        this.log(`  "${check.permission}" (${check.endpoint}): without it, ${check.effect}.`);
      this.log(
        `Add them in Intercom's Developer Hub (your app > Authentication > Edit permissions), then run ${fic} init again.`,
      );
    }
    this.log(`Saved to ${configPath} (readable by you only).`);
    this.log(
      `Next: ${fic} sync (then ${fic} schedule to keep it fresh, ${fic} mcp install for an assistant).`,
    );
    return result;
  }
}

function describeAdmin(admin: InitResult['admin']): string {
  if (admin.name && admin.email) return `${admin.name} <${admin.email}>`;
  return admin.name ?? admin.email ?? 'the token owner';
}
