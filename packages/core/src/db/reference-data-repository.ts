import type { Insertable } from 'kysely';
import type { AdminsTable, ContactsTable, Flag, TagsTable, TeamsTable } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import {
  bindRow,
  immediateTransaction,
  placeholderRow,
  prepareCompiled,
  prepareLookup,
  takeExcluded,
} from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { fetchedContactWriter } from './contact-write.js';
import { adminColumns } from './table-columns.js';
import { sqliteOf } from './open-database.js';

export { emailDomain } from './prepared-statements.js';

/** A contact to store. `fetched` and `email_domain` are derived by the repository (whatever is passed). */
export type ContactRow = Omit<Insertable<ContactsTable>, 'fetched'> & {
  fetched?: Flag;
  /** A fetched contact's tags (ids): replace what was stored. Absent on stubs, which leave them alone. */
  tagIds?: string[];
  /** A fetched contact's companies (ids), like `tagIds`. */
  companyIds?: string[];
  /** The contact object as fetched, compressed (compressPayload), stored in raw_payloads with the row. */
  rawPayload?: Uint8Array;
};
export type AdminRow = Insertable<AdminsTable>;
export type TeamRow = Insertable<TeamsTable>;
export type TagRow = Insertable<TagsTable>;

/**
 * Contacts, admins, teams and tags: the workspace data conversations refer to. Contacts arrive two
 * ways: as stubs from a conversation (id, maybe email and name) and in full from GET /contacts/{id};
 * a stub never overwrites a fetched contact.
 */
export class ReferenceDataRepository {
  readonly #contactFetched: Statement;
  readonly #deleteAdmins: Statement;
  readonly #insertAdmin: Statement;
  readonly #deleteTeams: Statement;
  readonly #insertTeam: Statement;
  readonly #insertTeamAdmin: Statement;
  readonly #upsertTag: Statement;
  readonly #readIds: (read: () => void) => void;
  readonly #upsertContacts: (rows: ContactRow[]) => void;
  readonly #replaceAdmins: (rows: AdminRow[]) => void;
  readonly #replaceTeams: (rows: { team: TeamRow; adminIds: string[] }[]) => void;
  readonly #upsertTags: (rows: TagRow[]) => void;

  constructor(database: FicDatabase) {
    const sqlite = sqliteOf(database);
    const { db } = database;
    const prepare = (query: { compile(): Parameters<typeof prepareCompiled>[1] }, count: number): Statement =>
      prepareCompiled(sqlite, query.compile(), count);

    // The contact statements a sync page also runs (in the writer): one SQL text for both.
    this.#contactFetched = prepareLookup(sqlite, db, 'contacts', 'fetched', 'id');
    this.#deleteAdmins = prepare(db.deleteFrom('admins'), 0);
    this.#insertAdmin = prepare(
      db.insertInto('admins').values(placeholderRow('admins', adminColumns)),
      adminColumns.length,
    );
    this.#deleteTeams = prepare(db.deleteFrom('teams'), 0);
    this.#insertTeam = prepare(
      db.insertInto('teams').values(placeholderRow('teams', ['id', 'name', 'synced_at'])),
      3,
    );
    this.#insertTeamAdmin = prepare(
      db
        .insertInto('team_admins')
        .values(placeholderRow('team_admins', ['team_id', 'admin_id']))
        .onConflict((oc) => oc.doNothing()),
      2,
    );
    this.#upsertTag = prepare(
      db
        .insertInto('tags')
        .values(placeholderRow('tags', ['id', 'name', 'synced_at']))
        .onConflict((oc) => oc.column('id').doUpdateSet(takeExcluded('tags', ['name', 'synced_at']))),
      3,
    );

    this.#readIds = sqlite.transaction((read: () => void) => read());
    const writeContact = fetchedContactWriter(sqlite, database.db);
    this.#upsertContacts = immediateTransaction(sqlite, (rows: ContactRow[]) => {
      for (const row of rows) writeContact(row);
    });
    this.#replaceAdmins = immediateTransaction(sqlite, (rows: AdminRow[]) => {
      this.#deleteAdmins.run();
      for (const row of rows) this.#insertAdmin.run(bindRow(row, adminColumns));
    });
    this.#replaceTeams = immediateTransaction(sqlite, (rows: { team: TeamRow; adminIds: string[] }[]) => {
      this.#deleteTeams.run(); // team_admins follow (ON DELETE CASCADE)
      for (const { team, adminIds } of rows) {
        this.#insertTeam.run(team.id, team.name, team.synced_at);
        for (const adminId of adminIds) this.#insertTeamAdmin.run(team.id, adminId);
      }
    });
    this.#upsertTags = immediateTransaction(sqlite, (rows: TagRow[]) => {
      for (const row of rows) this.#upsertTag.run(row.id, row.name, row.synced_at);
    });
  }

  /** Full contacts from GET /contacts/{id}: stored as fetched, replacing stubs and older copies. */
  upsertContacts(rows: ContactRow[]): void {
    this.#upsertContacts(rows);
  }

  /** The given ids (deduplicated, in order) that are unknown or only stubs. */
  contactsToFetch(ids: string[]): string[] {
    const wanted: string[] = [];
    this.#readIds(() => {
      for (const id of new Set(ids)) {
        if (this.#contactFetched.get(id) !== 1) wanted.push(id);
      }
    });
    return wanted;
  }

  replaceAdmins(rows: AdminRow[]): void {
    this.#replaceAdmins(rows);
  }

  replaceTeams(rows: { team: TeamRow; adminIds: string[] }[]): void {
    this.#replaceTeams(rows);
  }

  /** Tags from GET /tags: the authority on names. */
  upsertTags(rows: TagRow[]): void {
    this.#upsertTags(rows);
  }
}
