import type { Route } from '../http/route.js';
import type { AdminRecord, TeamRecord } from '../workspace/directory.js';

const AVATAR = 'https://static.intercomassets.com/assets/default-avatars/admins/128.png';

export function adminJson(admin: AdminRecord): Record<string, unknown> {
  return {
    type: 'admin',
    email: admin.email,
    id: admin.id,
    name: admin.name,
    job_title: admin.jobTitle,
    away_mode_enabled: admin.away,
    away_mode_reassign: admin.away && admin.awayReassign,
    has_inbox_seat: admin.hasInboxSeat,
    team_ids: admin.teamIds,
    avatar: null,
  };
}

export function teamJson(team: TeamRecord): Record<string, unknown> {
  return { type: 'team', id: team.id, name: team.name, admin_ids: team.adminIds };
}

export function directoryRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/me$/,
      name: 'GET /me',
      handle: ({ workspace }) => {
        const admin = workspace.directory.admin(0);
        return {
          body: {
            type: 'admin',
            id: admin.id,
            email: admin.email,
            name: admin.name,
            email_verified: true,
            app: {
              type: 'app',
              id_code: workspace.workspaceId,
              name: 'Fake Intercom workspace',
              created_at: workspace.now - 500 * 86_400,
              secure: false,
              identity_verification: false,
              timezone: 'Europe/Dublin',
              region: 'US',
            },
            avatar: { type: 'avatar', image_url: AVATAR },
            has_inbox_seat: true,
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/admins$/,
      name: 'GET /admins',
      handle: ({ workspace }) => ({
        body: { type: 'admin.list', admins: workspace.directory.admins.map(adminJson) },
      }),
    },
    {
      method: 'GET',
      pattern: /^\/teams$/,
      name: 'GET /teams',
      handle: ({ workspace }) => ({
        body: { type: 'team.list', teams: workspace.directory.teams.map(teamJson) },
      }),
    },
    {
      method: 'GET',
      pattern: /^\/tags$/,
      name: 'GET /tags',
      handle: ({ workspace }) => ({
        body: {
          type: 'list',
          data: workspace.directory.tags.map((tag) => ({ type: 'tag', id: tag.id, name: tag.name })),
        },
      }),
    },
  ];
}
