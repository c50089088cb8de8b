import assert from 'node:assert/strict';
import type { WorkspaceTruth } from '@fastintercom/fake-intercom';
import BetterSqlite3 from 'better-sqlite3';
import { htmlText } from '../../src/sync/html-text.js';
import { readDatabase } from '../sync/fixtures/sync-fixtures.js';

/**
 * Asserts the copy holds exactly the fake's tickets (fields, attributes, contacts, links, parts in order
 * with their text), ticket types and companies (profile, plan, custom attributes, tags).
 */
export function assertTicketsMatchTruth(dbPath: string, truth: WorkspaceTruth): void {
  readDatabase(dbPath, (sqlite) => {
    const tickets = new Map(
      (sqlite.prepare('SELECT * FROM tickets').all() as Record<string, unknown>[]).map((row) => [
        row.id,
        row,
      ]),
    );
    assert.deepEqual(
      [...tickets.keys()].sort(),
      truth.tickets.map((ticket) => ticket.id).sort(),
      'ticket ids',
    );
    const parts = sqlite.prepare(
      `SELECT id, part_type, body_text, author_type, author_id, created_at, previous_state, state
         FROM ticket_parts WHERE ticket_id = ? ORDER BY position`,
    );
    const contacts = sqlite
      .prepare('SELECT contact_id FROM ticket_contacts WHERE ticket_id = ? ORDER BY position')
      .pluck();
    const links = sqlite
      .prepare("SELECT object_type || ':' || object_id FROM ticket_links WHERE ticket_id = ? ORDER BY 1")
      .pluck();
    for (const expected of truth.tickets) {
      const stored = tickets.get(expected.id)!;
      assert.deepEqual(
        {
          ticket_number: stored.ticket_number,
          category: stored.category,
          ticket_type_id: stored.ticket_type_id,
          ticket_type_name: stored.ticket_type_name,
          state_category: stored.state_category,
          state_id: stored.state_id,
          state_internal_label: stored.state_internal_label,
          state_external_label: stored.state_external_label,
          title: stored.title,
          description: stored.description,
          ticket_attributes: JSON.parse(stored.ticket_attributes as string) as unknown,
          admin_assignee_id: stored.admin_assignee_id,
          team_assignee_id: stored.team_assignee_id,
          contact_id: stored.contact_id,
          created_at: stored.created_at,
          updated_at: stored.updated_at,
          open: stored.open,
          snoozed_until: stored.snoozed_until,
          is_shared: stored.is_shared,
          parts_total_count: stored.parts_total_count,
          parts_complete: stored.parts_complete,
        },
        {
          ticket_number: expected.ticket_id,
          category: expected.category,
          ticket_type_id: expected.ticket_type_id,
          ticket_type_name: expected.ticket_type_name,
          state_category: expected.state,
          state_id: expected.ticket_state_id,
          state_internal_label: expected.ticket_state_internal_label,
          state_external_label: expected.ticket_state_external_label,
          title: expected.title,
          description: expected.description,
          ticket_attributes: expected.ticket_attributes,
          admin_assignee_id: expected.admin_assignee_id,
          team_assignee_id: expected.team_assignee_id,
          contact_id: expected.contact_ids[0] ?? null,
          created_at: expected.created_at,
          updated_at: expected.updated_at,
          open: expected.open ? 1 : 0,
          snoozed_until: expected.snoozed_until,
          is_shared: expected.is_shared ? 1 : 0,
          parts_total_count: expected.parts_total_count,
          parts_complete: expected.parts.length >= expected.parts_total_count ? 1 : 0,
        },
        `ticket ${expected.id}`,
      );
      assert.deepEqual(contacts.all(expected.id), expected.contact_ids, `ticket ${expected.id} contacts`);
      assert.deepEqual(
        links.all(expected.id),
        expected.linked_objects.map((link) => `${link.type}:${link.id}`).sort(),
        `ticket ${expected.id} links`,
      );
      assert.deepEqual(
        parts.all(expected.id),
        expected.parts.map((part) => ({
          id: part.id,
          part_type: part.part_type,
          body_text: part.body === null ? null : htmlText(part.body),
          author_type: part.author_type,
          author_id: part.author_id,
          created_at: part.created_at,
          previous_state: part.previous_ticket_state ?? null,
          state: part.ticket_state ?? null,
        })),
        `ticket ${expected.id} parts`,
      );
    }
    const types = sqlite.prepare('SELECT id, name, category, archived FROM ticket_types ORDER BY id').all();
    assert.deepEqual(
      types,
      truth.ticket_types
        .map((type) => ({
          id: String(type.id),
          name: type.name,
          category: type.category ?? null,
          archived: type.archived === true ? 1 : 0,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
      'ticket types',
    );
  });
  // The search index holds exactly the documents the view builds (the check needs a writable connection).
  const writable = new BetterSqlite3(dbPath);
  try {
    writable.prepare(`INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1)`).run();
  } finally {
    writable.close();
  }
}

export function assertCompaniesMatchTruth(dbPath: string, truth: WorkspaceTruth): void {
  readDatabase(dbPath, (sqlite) => {
    const stored = sqlite
      .prepare(
        `SELECT id, company_id, name, plan_id, plan_name, size, industry, website, monthly_spend, session_count,
                user_count, created_at, updated_at, remote_created_at, last_request_at, custom_attributes
           FROM companies ORDER BY id`,
      )
      .all() as Record<string, unknown>[];
    const tags = sqlite
      .prepare('SELECT tag_id FROM company_tags WHERE company_id = ? ORDER BY tag_id')
      .pluck();
    const expected = [...truth.companies].sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(
      stored.map((row) => ({
        ...row,
        custom_attributes: JSON.parse(row.custom_attributes as string) as unknown,
        tags: tags.all(row.id),
      })),
      expected.map((company) => {
        const plan = company.plan as { id?: string; name?: string } | undefined;
        return {
          id: company.id,
          company_id: company.company_id ?? null,
          name: company.name,
          plan_id: plan?.id ?? null,
          plan_name: plan?.name ?? null,
          size: company.size ?? null,
          industry: company.industry ?? null,
          website: company.website ?? null,
          monthly_spend: company.monthly_spend ?? null,
          session_count: company.session_count ?? null,
          user_count: company.user_count ?? null,
          created_at: company.created_at ?? null,
          updated_at: company.updated_at ?? null,
          remote_created_at: company.remote_created_at ?? null,
          last_request_at: company.last_request_at ?? null,
          custom_attributes: company.custom_attributes ?? {},
          tags: ((company.tags as { tags?: { id: string }[] } | undefined)?.tags ?? [])
            .map((tag) => String(tag.id))
            .sort(),
        };
      }),
      'companies',
    );
  });
}
