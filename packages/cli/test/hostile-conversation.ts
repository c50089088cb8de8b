import { ConversationRepository, openDatabase } from '@fastintercom/core';
import type { AdminRow, ContactRow, ConversationRow, PartRow, TeamRow } from '@fastintercom/core';
import { sqliteOf } from '@fastintercom/core/internal';

/**
 * What anyone who can write to an Intercom inbox can put in a subject, a message, a name or an email,
 * each a thing a terminal acts on: clear screen, window titles (OSC 0 and 2, ended by BEL and by ST), an
 * OSC 8 hyperlink, a cursor position query, a DCS and an APC string, a reset, carriage return and
 * backspace overwrites, a right-to-left override and an isolate, 8-bit C1 CSI and OSC, NEL, DEL, NUL and
 * BEL. `label` keeps every occurrence apart.
 */
export function hostileText(label: string): string {
  return [
    `${label}:`,
    '\x1b[2J\x1b[H',
    '\x1b]0;pwned-title\x07',
    '\x1b]2;pwned-title\x1b\\',
    '\x1b]8;;https://evil.test/\x1b\\click here\x1b]8;;\x1b\\',
    '\x1b[6n',
    '\x1bP+q544e\x1b\\',
    '\x1b_pwned-apc\x1b\\',
    '\x1bc',
    'safe\rEVIL',
    'abc\b\b\bXYZ',
    'invoice\u202Efdp.exe\u202C',
    '\u2066isolated\u2069',
    '\u009b31mred',
    '\u009d0;pwned-title\u009c',
    'next\u0085line',
    'del\x7f nul\x00 bell\x07',
  ].join(' ');
}

/** Normal Unicode that must come out as it went in: accents, CJK, emoji, Arabic and Hebrew. */
export const FRIENDLY_UNICODE = 'Crème brûlée, 東京, 🎉👩‍💻, مرحبا, שלום';

export interface HostileConversation {
  id: string;
  subject: string;
  body: string;
  authorName: string;
  customerEmail: string;
  customerName: string;
  adminName: string;
  teamName: string;
  tagName: string;
  syncError: string;
}

/**
 * Rewrites one synced conversation, its customer, assignee, team and tag, and records a failed sync,
 * with hostile text, through the sync's own write path (ConversationRepository).
 */
export async function makeHostile(dbPath: string, id: string): Promise<HostileConversation> {
  const database = await openDatabase(dbPath);
  try {
    const sqlite = sqliteOf(database);
    const repository = new ConversationRepository(database);
    const { row_id: _rowId, ...conversation } = sqlite
      .prepare('SELECT * FROM conversations WHERE id = ?')
      .get(id) as ConversationRow & { row_id: number };
    const hostile: HostileConversation = {
      id,
      subject: `${hostileText('subject')} ${FRIENDLY_UNICODE}`,
      body: `${hostileText('body')}\nsecond line\ttabbed\r\nthird line`,
      authorName: hostileText('author'),
      customerEmail: `ann\x1b[2J\u202E@evil.test`,
      customerName: hostileText('customer'),
      adminName: hostileText('admin'),
      teamName: hostileText('team'),
      tagName: hostileText('tag'),
      syncError: hostileText('sync error'),
    };
    const parts = sqlite
      .prepare('SELECT * FROM conversation_parts WHERE conversation_id = ? ORDER BY position')
      .all(id) as PartRow[];
    const contactId = conversation.contact_id!;
    const contact = sqlite.prepare('SELECT * FROM contacts WHERE id = ?').get(contactId) as ContactRow;
    repository.upsertContacts([{ ...contact, email: hostile.customerEmail, name: hostile.customerName }]);

    const admins = sqlite.prepare('SELECT * FROM admins').all() as AdminRow[];
    const adminId = conversation.admin_assignee_id ?? admins[0]!.id;
    repository.replaceAdmins(
      admins.map((admin) => (admin.id === adminId ? { ...admin, name: hostile.adminName } : admin)),
    );
    const teams = sqlite.prepare('SELECT * FROM teams').all() as TeamRow[];
    const teamId = conversation.team_assignee_id ?? teams[0]!.id;
    const members = sqlite.prepare('SELECT admin_id FROM team_admins WHERE team_id = ?').pluck();
    repository.replaceTeams(
      teams.map((team) => ({
        team: team.id === teamId ? { ...team, name: hostile.teamName } : team,
        adminIds: members.all(team.id) as string[],
      })),
    );
    const tagId = 'hostile-tag';
    repository.upsertTags([{ id: tagId, name: hostile.tagName, synced_at: conversation.synced_at }]);

    repository.writeConversations([
      {
        conversation: {
          ...conversation,
          title: hostile.subject,
          source_subject: hostile.subject,
          source_body_text: hostile.body,
          source_author_name: hostile.authorName,
          admin_assignee_id: adminId,
          team_assignee_id: teamId,
        },
        parts: parts.map((part) => ({ ...part, body_text: hostile.body, author_name: hostile.authorName })),
        contacts: (
          sqlite
            .prepare('SELECT contact_id, position FROM conversation_contacts WHERE conversation_id = ?')
            .all(id) as { contact_id: string; position: number }[]
        ).map((link) => ({ contact_id: link.contact_id, position: link.position })),
        tags: [{ tag_id: tagId, name: hostile.tagName, applied_at: null }],
        contactStubs: [],
      },
    ]);

    const now = Math.floor(Date.now() / 1000);
    const run = repository.startRun({
      mode: 'incremental',
      window_start: null,
      pid: process.pid,
      started_at: now,
    });
    repository.finishRun(run, {
      status: 'failed',
      finished_at: now,
      error_code: 'api',
      error_message: hostile.syncError,
    });
    return hostile;
  } finally {
    await database.close();
  }
}
