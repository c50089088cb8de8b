import {
  ACCOUNT_TIERS,
  COMPANY_NAME_HEADS,
  COMPANY_NAME_TAILS,
  INDUSTRIES,
  PLAN_NAMES,
} from './company-names.js';
import type { Directory } from './directory.js';
import { Random, hashSeed, zipfCumulative } from './random.js';

/**
 * The workspace's companies and which contacts belong to them. Everything is drawn from streams of its
 * own (salts 0xc0a and 0xc0b), so adding companies changed no conversation, contact or admin a seed
 * already gave. Contacts join companies by a Zipf draw: a few companies have many contacts, most have a
 * handful, some none; most contacts belong to one company, some to several, some to none.
 */

export interface CompanyRecord {
  index: number;
  /** Intercom's id: 24 hex digits, the last six the index. */
  id: string;
  /** The id the workspace's own systems gave it. */
  companyId: string;
  name: string;
  plan: { id: string; name: string } | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthlySpend: number;
  sessionCount: number;
  createdAt: number;
  updatedAt: number;
  remoteCreatedAt: number | null;
  lastRequestAt: number | null;
  customAttributes: Record<string, string | number | boolean>;
  /** Indexes into the directory's tags. */
  tagIndexes: number[];
}

/** What advance() changed on a company. */
export interface CompanyEdit {
  plan: { id: string; name: string } | null;
  monthlySpend: number;
  customAttributes: Record<string, string | number | boolean>;
  updatedAt: number;
}

const DAY = 86_400;
const PLAN_IDS = ['269315', '269316', '269317', '269318', '269319'];

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .toLowerCase()
    .trim()
    .replace(/ +/g, '-');
}

export class CompanyDirectory {
  readonly count: number;
  readonly #seed: number;
  readonly #epoch: number;
  readonly #now: number;
  readonly #directory: Directory;
  readonly #tagCount: number;
  readonly #cumulative: Float64Array;
  readonly #edits = new Map<number, CompanyEdit>();
  #records: CompanyRecord[] | undefined;
  /** Company index -> member contact indexes, for the first `#membersFor` contacts. */
  #members: number[][] | undefined;
  #membersFor = 0;

  /** `epoch`: when the workspace's history starts; `now`: when it ends (Unix seconds). */
  constructor(seed: number, count: number, epoch: number, now: number, directory: Directory) {
    this.#seed = seed;
    this.count = count;
    this.#epoch = epoch;
    this.#now = now;
    this.#directory = directory;
    this.#tagCount = directory.tags.length;
    this.#cumulative = zipfCumulative(Math.max(1, count), 0.9);
  }

  /** Generated on first use, so a workspace that never serves companies pays nothing. */
  get #all(): CompanyRecord[] {
    this.#records ??= this.#generate();
    return this.#records;
  }

  #generate(): CompanyRecord[] {
    const records: CompanyRecord[] = [];
    const names = new Set<string>();
    for (let index = 0; index < this.count; index++) {
      const random = new Random(hashSeed(this.#seed, 0xc0a, index));
      let name = `${random.pick(COMPANY_NAME_HEADS)} ${random.pick(COMPANY_NAME_TAILS)}`;
      // Real directories do hold near-duplicates, but a name must find one company for `fic company NAME`.
      if (names.has(name)) name = `${name} ${index}`;
      names.add(name);
      const createdAt = this.#epoch - random.int(700 * DAY);
      const planIndex = random.chance(0.75) ? random.int(PLAN_NAMES.length) : -1;
      const customAttributes: Record<string, string | number | boolean> = {};
      if (random.chance(0.6)) {
        customAttributes.account_tier = random.pick(ACCOUNT_TIERS);
        if (random.chance(0.7)) customAttributes.seats = random.between(1, 500);
        if (random.chance(0.5)) customAttributes.paid_subscriber = random.chance(0.7);
        if (random.chance(0.3)) customAttributes.renewal_date = createdAt + random.between(300, 800) * DAY;
        if (random.chance(0.2)) customAttributes.health_score = Math.round(random.next() * 1000) / 10;
      }
      const tagIndexes: number[] = [];
      if (random.chance(0.25) && this.#tagCount > 0) {
        tagIndexes.push(random.int(this.#tagCount));
        if (random.chance(0.3)) {
          const second = random.int(this.#tagCount);
          if (!tagIndexes.includes(second)) tagIndexes.push(second);
        }
      }
      const lastRequestAt = random.chance(0.85)
        ? Math.min(this.#now, this.#epoch + random.int(400 * DAY))
        : null;
      const middle =
        random.uint32().toString(16).padStart(8, '0') + random.int(256).toString(16).padStart(2, '0');
      records.push({
        index,
        id: createdAt.toString(16).padStart(8, '0') + middle + index.toString(16).padStart(6, '0'),
        companyId: random.chance(0.8) ? `cmp-${10_000 + index}` : `${slug(name)}-${random.int(1000)}`,
        name,
        plan:
          planIndex < 0 ? null : { id: PLAN_IDS[planIndex] ?? '0', name: PLAN_NAMES[planIndex] ?? 'Free' },
        size: random.chance(0.8) ? Math.round(random.logUniform(1, 20_000)) : null,
        website: random.chance(0.85) ? `https://www.${slug(name).replace(/-/g, '')}.example` : null,
        industry: random.chance(0.7) ? random.pick(INDUSTRIES) : null,
        monthlySpend: planIndex <= 0 ? 0 : Math.round(random.logUniform(20, 50_000)),
        sessionCount: Math.round(random.logUniform(1, 100_000)),
        createdAt,
        updatedAt: Math.max(createdAt, lastRequestAt ?? createdAt),
        remoteCreatedAt: random.chance(0.8) ? createdAt - random.int(900 * DAY) : null,
        lastRequestAt,
        customAttributes,
        tagIndexes,
      });
    }
    return records;
  }

  company(index: number): CompanyRecord {
    const record = this.#all[index];
    if (record === undefined) throw new RangeError(`no company ${index}`);
    const edit = this.#edits.get(index);
    return edit === undefined ? record : { ...record, ...edit };
  }

  /** The index of a company id, or -1: the last six hex digits are the index. */
  indexOf(id: string): number {
    if (!/^[0-9a-f]{24}$/.test(id)) return -1;
    const index = parseInt(id.slice(18), 16);
    return index < this.count && this.#all[index]?.id === id ? index : -1;
  }

  /** The companies a contact belongs to (seeded per contact: merged contacts keep theirs). */
  companiesOf(contactIndex: number): number[] {
    if (this.count === 0) return [];
    const random = new Random(hashSeed(this.#seed, 0xc0b, contactIndex));
    const roll = random.next();
    const memberships = roll < 0.25 ? 0 : roll < 0.88 ? 1 : random.between(2, 3);
    const result: number[] = [];
    for (let i = 0; i < memberships; i++) {
      const company = random.weighted(this.#cumulative);
      if (!result.includes(company)) result.push(company);
    }
    return result;
  }

  /** Live (not merged) contacts of a company, oldest index first. */
  contactsOf(companyIndex: number): number[] {
    const directory = this.#directory;
    if (this.#members === undefined || this.#membersFor !== directory.contactCount) {
      const members: number[][] = Array.from({ length: this.count }, () => []);
      for (let contact = 0; contact < directory.contactCount; contact++)
        for (const company of this.companiesOf(contact)) members[company]?.push(contact);
      this.#members = members;
      this.#membersFor = directory.contactCount;
    }
    return (this.#members[companyIndex] ?? []).filter((contact) => !directory.isMerged(contact));
  }

  /** Use advanceCompanies (advance()), which draws the edit. */
  editCompany(index: number, edit: CompanyEdit): void {
    this.company(index);
    this.#edits.set(index, edit);
  }
}
