import { Random, hashSeed } from './random.js';
import type { ChangeListener, SearchState } from './search-state.js';
import {
  COMPANY_DOMAINS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  TAG_NAMES,
  TEAM_NAMES,
} from './directory-names.js';

/** Admins, teams, tags and contacts: the small, mostly static part of a workspace. */

export interface AdminRecord {
  index: number;
  id: string;
  name: string;
  email: string;
  jobTitle: string;
  away: boolean;
  awayReassign: boolean;
  hasInboxSeat: boolean;
  teamIds: number[];
}

export interface TeamRecord {
  index: number;
  id: string;
  name: string;
  adminIds: number[];
}

export interface TagRecord {
  index: number;
  id: string;
  name: string;
}

export interface ContactRecord {
  index: number;
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  name: string | null;
  phone: string | null;
  externalId: string | null;
  createdAt: number;
  lastSeenAt: number;
  /** lastSeenAt, or when the contact was last edited (advance()'s contactEdits). */
  updatedAt: number;
  country: string;
  city: string;
}

/** The bot that answers first and auto-closes idle conversations (Intercom shows it as author type bot). */
export const BOT = { id: '991100001', name: 'Fin', email: 'operator+fake@intercom.io' } as const;

const ADMIN_COUNT = 30;
const LOCATIONS: readonly [string, string][] = [
  ['United States', 'New York'],
  ['United Kingdom', 'London'],
  ['Ireland', 'Dublin'],
  ['Germany', 'Berlin'],
  ['Japan', 'Tokyo'],
  ['Brazil', 'São Paulo'],
  ['India', 'Bengaluru'],
  ['Israel', 'Tel Aviv'],
  ['Egypt', 'Cairo'],
  ['Australia', 'Sydney'],
];

/** What advance() changed on a contact. */
export interface ContactEdit {
  name: string | null;
  email: string | null;
  updatedAt: number;
}

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

export function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .toLowerCase()
    .replace(/ /g, '.');
}

export class Directory {
  readonly admins: readonly AdminRecord[];
  readonly teams: readonly TeamRecord[];
  readonly tags: readonly TagRecord[];
  /** Contacts generated up front; advance() adds more after them. */
  readonly baseContactCount: number;
  readonly #seed: number;
  readonly #contactEpoch: number;
  readonly #adminsById: Map<string, AdminRecord>;
  /** created_at of each contact advance() added, in index order after the generated ones. */
  readonly #addedAt: number[] = [];
  readonly #edits = new Map<number, ContactEdit>();
  /** Merged contact index -> the index of the contact it was merged into. */
  readonly #mergedInto = new Map<number, number>();
  readonly #listeners: ChangeListener[] = [];

  constructor(seed: number, contactCount: number, contactEpoch: number) {
    this.#seed = seed;
    this.baseContactCount = contactCount;
    this.#contactEpoch = contactEpoch;
    const random = new Random(hashSeed(seed, 0xad));
    const admins: AdminRecord[] = [];
    for (let index = 0; index < ADMIN_COUNT; index++) {
      const name = personName(random);
      admins.push({
        index,
        id: String(991_200_000 + index * 1000 + random.int(1000)),
        name,
        email: `${emailLocalPart(name)}@fake-intercom.example`,
        jobTitle: random.pick(JOB_TITLES),
        away: index !== 0 && random.chance(0.15),
        awayReassign: random.chance(0.5),
        hasInboxSeat: index === 0 || random.chance(0.9),
        teamIds: [],
      });
    }
    const teams: TeamRecord[] = TEAM_NAMES.map((name, index) => ({
      index,
      id: String(5_017_000 + index * 100 + random.int(100)),
      name,
      adminIds: [],
    }));
    for (const admin of admins) {
      const memberships = admin.index === 0 ? 0 : random.between(1, 2);
      for (let i = 0; i < memberships; i++) {
        const team = random.pick(teams);
        if (!team.adminIds.includes(Number(admin.id))) {
          team.adminIds.push(Number(admin.id));
          admin.teamIds.push(Number(team.id));
        }
      }
    }
    this.admins = admins;
    this.teams = teams;
    this.tags = TAG_NAMES.map((name, index) => ({
      index,
      id: String(8_100_000 + index * 50 + random.int(50)),
      name,
    }));
    this.#adminsById = new Map(admins.map((admin) => [admin.id, admin]));
  }

  admin(index: number): AdminRecord {
    const admin = this.admins[index];
    if (admin === undefined) throw new RangeError(`no admin ${index}`);
    return admin;
  }

  adminById(id: string): AdminRecord | undefined {
    return this.#adminsById.get(id);
  }

  team(index: number): TeamRecord {
    const team = this.teams[index];
    if (team === undefined) throw new RangeError(`no team ${index}`);
    return team;
  }

  tag(index: number): TagRecord {
    const tag = this.tags[index];
    if (tag === undefined) throw new RangeError(`no tag ${index}`);
    return tag;
  }

  /** Every contact ever known, merged ones included (their indexes stay taken). */
  get contactCount(): number {
    return this.baseContactCount + this.#addedAt.length;
  }

  /** Contacts are rebuilt from (seed, index) on every call: a million of them cost no memory. */
  contact(index: number): ContactRecord {
    const random = new Random(hashSeed(this.#seed, 0xc0, index));
    const role = random.chance(0.75) ? 'user' : 'lead';
    const generatedAt = this.#contactEpoch - random.int(500 * 86_400);
    const createdAt =
      index < this.baseContactCount ? generatedAt : (this.#addedAt[index - this.baseContactCount] ?? 0);
    const fullName = personName(random);
    const hasName = random.chance(role === 'user' ? 0.92 : 0.4);
    const hasEmail = random.chance(role === 'user' ? 0.95 : 0.45);
    const domain = random.pick(COMPANY_DOMAINS);
    const [country, city] = random.pick(LOCATIONS);
    const middle =
      random.uint32().toString(16).padStart(8, '0') + random.int(256).toString(16).padStart(2, '0');
    // Drawn in this order (phone, then last seen) so every generated contact stays as it always was.
    const phone = random.chance(0.2) ? `+1555${String(random.int(10_000_000)).padStart(7, '0')}` : null;
    const seenAfter = random.int(400 * 86_400);
    // A contact added by advance() has just been seen, when it was created.
    const lastSeenAt = index < this.baseContactCount ? createdAt + seenAfter : createdAt;
    const contact: ContactRecord = {
      index,
      id: createdAt.toString(16).padStart(8, '0') + middle + index.toString(16).padStart(6, '0'),
      role,
      email: hasEmail ? `${emailLocalPart(fullName)}${index}@${domain}` : null,
      name: hasName ? fullName : null,
      phone,
      externalId: role === 'user' ? `user-${index + 1000}` : null,
      createdAt,
      lastSeenAt,
      updatedAt: lastSeenAt,
      country,
      city,
    };
    const edit = this.#edits.get(index);
    return edit === undefined ? contact : { ...contact, ...edit };
  }

  /** The index of a contact id, merged contacts included, or -1: the last six hex digits are the index. */
  indexOfContact(id: string): number {
    if (!/^[0-9a-f]{24}$/.test(id)) return -1;
    const index = parseInt(id.slice(18), 16);
    return index < this.contactCount && this.contact(index).id === id ? index : -1;
  }

  /** Finds a live contact by id (merged ones are gone). */
  contactById(id: string): ContactRecord | undefined {
    const index = this.indexOfContact(id);
    return index < 0 || this.#mergedInto.has(index) ? undefined : this.contact(index);
  }

  isMerged(index: number): boolean {
    return this.#mergedInto.has(index);
  }

  /** Merged contacts in the order they were merged, each with the index it lives on in. */
  mergedContacts(): { index: number; into: number }[] {
    return [...this.#mergedInto].map(([index, into]) => ({ index, into }));
  }

  /** A new contact created at `at`; returns its index. */
  addContact(at: number): number {
    this.#addedAt.push(at);
    const index = this.contactCount - 1;
    this.#changed(index, null);
    return index;
  }

  /** Use Workspace.editContact, which also refreshes the contact's conversations. */
  editContact(index: number, edit: ContactEdit): void {
    const before = this.searchState(index);
    this.#edits.set(index, edit);
    this.#changed(index, before);
  }

  /** Use Workspace.mergeContact, which also moves the contact's conversations. */
  mergeContact(index: number, into: number): void {
    const before = this.searchState(index);
    this.#mergedInto.set(index, into);
    this.#changed(index, before);
  }

  /** What contact search would know of a contact now. */
  searchState(index: number): SearchState {
    if (index >= this.contactCount) return null;
    return { updatedAt: this.contact(index).updatedAt, removed: this.#mergedInto.has(index) };
  }

  /** Calls `listener` after every contact change (contact search follows the record store). */
  onChange(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  #changed(index: number, before: SearchState): void {
    for (const listener of this.#listeners) listener(index, before);
  }
}
