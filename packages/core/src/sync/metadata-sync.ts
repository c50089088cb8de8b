import type { ConversationRepository } from '../db/conversation-repository.js';
import type { Flag } from '../db/database-schema.js';
import type { IntercomClient, RequestOptions } from '../intercom/intercom-client.js';

export interface MetadataCounts {
  admins: number;
  teams: number;
  tags: number;
}

/**
 * Admins, teams and tags: small lists fetched whole once per run (three requests, in parallel) and
 * stored before any conversation, so conversation rows can name them.
 */
export async function syncMetadata(
  client: Pick<IntercomClient, 'listAdmins' | 'listTeams' | 'listTags'>,
  repository: ConversationRepository,
  syncedAt: number,
  options: RequestOptions = {},
): Promise<MetadataCounts> {
  const [admins, teams, tags] = await Promise.all([
    client.listAdmins(options),
    client.listTeams(options),
    client.listTags(options),
  ]);
  repository.replaceAdmins(
    admins.map((admin) => ({
      id: admin.id,
      name: admin.name ?? null,
      email: admin.email ?? null,
      job_title: admin.job_title ?? null,
      away_mode_enabled: flag(admin.away_mode_enabled),
      away_mode_reassign: flag(admin.away_mode_reassign),
      has_inbox_seat: flag(admin.has_inbox_seat),
      synced_at: syncedAt,
    })),
  );
  repository.replaceTeams(
    teams.map((team) => ({
      team: { id: team.id, name: team.name, synced_at: syncedAt },
      adminIds: [...new Set(team.admin_ids ?? [])],
    })),
  );
  repository.upsertTags(tags.map((tag) => ({ id: tag.id, name: tag.name, synced_at: syncedAt })));
  return { admins: admins.length, teams: teams.length, tags: tags.length };
}

function flag(value: boolean | null | undefined): Flag {
  return value === true ? 1 : 0;
}
