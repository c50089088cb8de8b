import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { AdminsTable, ContactsTable, Flag, TagsTable, TeamsTable } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import {
  bindRow,
  fillFromExcluded,
  immediateTransaction,
  looseKysely,
  placeholderRow,
  prepareCompiled,
  prepareLookup,
  takeExcluded,
} from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';
import { adminColumns, contactColumns } from './table-columns.js';

/** A contact to store. `fetched` and `email_domain` are derived by the repository (whatever is passed). */
export type ContactRow = Omit<Insertable<ContactsTable>, 'fetched'> & { fetched?: Flag };
export type AdminRow = Insertable<AdminsTable>;
export type TeamRow = Insertable<TeamsTable>;
export type TagRow = Insertable<TagsTable>;

const contactValueColumns = contactColumns.filter((column) => column !== 'id');

/**
 * Contacts, admins, teams and tags: the workspace data conversations refer to. Contacts arrive two
 * ways: as stubs from a conversation (id, maybe email and name) and in full from GET /contacts/{id};
 * a stub never overwrites a fetched contact.
 */
export class ReferenceDataRepository {
  readonly #upsertContact: Statement;
  readonly #upsertContactStub: Statement;
  readonly #contactFetched: Statement;
  readonly #deleteAdmins: Statement;
  readonly #insertAdmin: Statement;
  readonly #deleteTeams: Statement;
  readonly #insertTeam: Statement;
  readonly #insertTeamAdmin: Statement;
  readonly #upsertTag: Statement;
  readonly #insertTagIfMissing: Statement;
  readonly #readIds: (read: () => void) => void;
  readonly #upsertContacts: (rows: ContactRow[]) => void;
  readonly #replaceAdmins: (rows: AdminRow[]) => void;
  readonly #replaceTeams: (rows: { team: TeamRow; adminIds: string[] }[]) => void;
  readonly #upsertTags: (rows: TagRow[]) => void;

  constructor(database: FicDatabase) {
    const { sqlite } = database;
    const db = looseKysely(database.db);
    const prepare = (query: { compile(): Parameters<typeof prepareCompiled>[1] }, count: number): Statement =>
      prepareCompiled(sqlite, query.compile(), count);

    const insertContact = db.insertInto('contacts').values(placeholderRow(contactColumns));
    this.#upsertContact = prepare(
      insertContact.onConflict((oc) => oc.column('id').doUpdateSet(takeExcluded(contactValueColumns))),
      contactColumns.length,
    );
    this.#upsertContactStub = prepare(
      insertContact.onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(fillFromExcluded('contacts', contactValueColumns))
          .where(sql<boolean>`contacts.fetched = 0`),
      ),
      contactColumns.length,
    );
    this.#contactFetched = prepareLookup(sqlite, db, 'contacts', 'fetched', 'id');
    this.#deleteAdmins = prepare(db.deleteFrom('admins'), 0);
    this.#insertAdmin = prepare(
      db.insertInto('admins').values(placeholderRow(adminColumns)),
      adminColumns.length,
    );
    this.#deleteTeams = prepare(db.deleteFrom('teams'), 0);
    this.#insertTeam = prepare(db.insertInto('teams').values(placeholderRow(['id', 'name', 'synced_at'])), 3);
    this.#insertTeamAdmin = prepare(
      db
        .insertInto('team_admins')
        .values(placeholderRow(['team_id', 'admin_id']))
        .onConflict((oc) => oc.doNothing()),
      2,
    );
    const insertTag = db.insertInto('tags').values(placeholderRow(['id', 'name', 'synced_at']));
    this.#upsertTag = prepare(
      insertTag.onConflict((oc) => oc.column('id').doUpdateSet(takeExcluded(['name', 'synced_at']))),
      3,
    );
    this.#insertTagIfMissing = prepare(
      insertTag.onConflict((oc) => oc.doNothing()),
      3,
    );

    this.#readIds = sqlite.transaction((read: () => void) => read());
    this.#upsertContacts = immediateTransaction(sqlite, (rows: ContactRow[]) => {
      for (const row of rows) this.#upsertContact.run(contactValues(row, 1));
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

  /** A contact as a conversation shows it. Fills in a stub; leaves a fetched contact alone. Call inside a transaction. */
  writeContactStub(row: ContactRow): void {
    this.#upsertContactStub.run(contactValues(row, 0));
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

  /** A tag seen on a conversation, stored if unknown (GET /tags keeps the names). Call inside a transaction. */
  writeTagIfMissing(id: string, name: string, syncedAt: number): void {
    this.#insertTagIfMissing.run(id, name, syncedAt);
  }
}

function contactValues(row: ContactRow, fetched: Flag): unknown[] {
  return bindRow({ ...row, fetched, email_domain: emailDomain(row.email) }, contactColumns);
}

/** `Ann@Acme.COM` -> `acme.com`; null without a usable address. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email == null || at < 0) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain === '' ? null : domain;
}
