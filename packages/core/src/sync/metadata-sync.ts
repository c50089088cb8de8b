import type { ConversationRepository } from '../db/conversation-repository.js';
import type { Flag } from '../db/database-schema.js';
import { isFicError } from '../errors.js';
import type { IntercomClient, RequestOptions } from '../intercom/intercom-client.js';
import type { MissingPermission } from './sync-plan.js';

export interface MetadataCounts {
  /** null: not readable with this token (the stored list is kept). */
  admins: number | null;
  teams: number | null;
  tags: number | null;
  /** What the token may not read. */
  missing: MissingPermission[];
}

/**
 * Admins, teams and tags: small lists fetched whole once per run (three requests, in parallel) and
 * stored before any conversation, so conversation rows can name them. A list the token lacks the
 * permission for (Intercom answers 401) is skipped, its stored copy kept, and reported in `missing`:
 * conversations sync without it.
 */
export async function syncMetadata(
  client: Pick<IntercomClient, 'listAdmins' | 'listTeams' | 'listTags'>,
  repository: ConversationRepository,
  syncedAt: number,
  options: RequestOptions = {},
): Promise<MetadataCounts> {
  const missing: MissingPermission[] = [];
  const readable = async <T>(read: Promise<T>, what: string): Promise<T | undefined> => {
    try {
      return await read;
    } catch (error) {
      if (!isFicError(error) || error.code !== 'permission') throw error;
      missing.push({
        permission: String(error.details.permission),
        endpoint: String(error.details.endpoint),
        effect: `${what} are not synced (the copy keeps the ones it had)`,
      });
      return undefined;
    }
  };
  const [admins, teams, tags] = await Promise.all([
    readable(client.listAdmins(options), 'admins'),
    readable(client.listTeams(options), 'teams'),
    readable(client.listTags(options), 'tag names'),
  ]);
  if (admins !== undefined)
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
  if (teams !== undefined)
    repository.replaceTeams(
      teams.map((team) => ({
        team: { id: team.id, name: team.name, synced_at: syncedAt },
        adminIds: [...new Set(team.admin_ids ?? [])],
      })),
    );
  if (tags !== undefined) {
    repository.upsertTags(tags.map((tag) => ({ id: tag.id, name: tag.name, synced_at: syncedAt })));
  }
  return {
    admins: admins?.length ?? null,
    teams: teams?.length ?? null,
    tags: tags?.length ?? null,
    missing,
  };
}

function flag(value: boolean | null | undefined): Flag {
  return value === true ? 1 : 0;
}
