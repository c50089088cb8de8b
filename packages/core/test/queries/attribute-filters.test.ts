import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import {
  attributeComparison,
  attributeConditionSql,
  parseAttributeComparison,
} from '../../src/queries/attribute-filters.js';
import type { AttributeComparison } from '../../src/queries/attribute-filters.js';

test('the one-line form splits at the first operator and types the value', () => {
  assert.deepEqual(parseAttributeComparison('CX Score rating<=2'), {
    name: 'CX Score rating',
    op: '<=',
    value: 2,
  });
  assert.deepEqual(parseAttributeComparison(' Plan = Enterprise '), {
    name: 'Plan',
    op: '=',
    value: 'Enterprise',
  });
  assert.deepEqual(parseAttributeComparison('VIP!=true'), { name: 'VIP', op: '!=', value: true });
  assert.deepEqual(parseAttributeComparison('Order="2024"'), { name: 'Order', op: '=', value: '2024' });
  assert.deepEqual(parseAttributeComparison('Topic~billing'), { name: 'Topic', op: '~', value: 'billing' });
});

test('malformed comparisons are refused with what to write', () => {
  for (const bad of ['', 'Plan', '=2', 'Plan=', 'Plan<Pro', 'Topic~3', 'a"b=1', 'x=>1']) {
    assert.throws(
      () => parseAttributeComparison(bad),
      (error: Error & { code?: string }) => error.code === 'invalid_input',
      bad,
    );
  }
  assert.throws(() => attributeComparison('Plan', 'LIKE', 'x'), /not an operator/);
});

test('conditions match only conversations holding the attribute, with the right type', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE c (id TEXT, custom_attributes TEXT)`);
  const rows: [string, unknown][] = [
    ['score-1', { 'CX Score rating': 1, Plan: 'Enterprise', VIP: true, Topic: 'Billing and refunds' }],
    ['score-4', { 'CX Score rating': 4, Plan: 'pro', VIP: false }],
    ['score-text', { 'CX Score rating': '1', Plan: '2024' }],
    ['none', null],
    ['empty', {}],
  ];
  for (const [id, attributes] of rows) {
    db.prepare('INSERT INTO c VALUES (?, ?)').run(
      id,
      attributes === null ? null : JSON.stringify(attributes),
    );
  }
  const matching = (comparison: AttributeComparison): string[] => {
    const { condition, params } = attributeConditionSql('c.custom_attributes', comparison);
    return db
      .prepare(`SELECT id FROM c WHERE ${condition} ORDER BY id`)
      .pluck()
      .all(...params) as string[];
  };
  assert.deepEqual(matching(parseAttributeComparison('CX Score rating<=2')), ['score-1']);
  assert.deepEqual(matching(parseAttributeComparison('CX Score rating>=1')), ['score-1', 'score-4']);
  assert.deepEqual(matching(parseAttributeComparison('CX Score rating!=4')), ['score-1']);
  assert.deepEqual(matching(parseAttributeComparison('Plan=PRO')), ['score-4']);
  assert.deepEqual(matching(parseAttributeComparison('Plan!=pro')), ['score-1', 'score-text']);
  assert.deepEqual(matching(parseAttributeComparison('Plan="2024"')), ['score-text']);
  assert.deepEqual(matching(parseAttributeComparison('VIP=true')), ['score-1']);
  assert.deepEqual(matching(parseAttributeComparison('VIP!=true')), ['score-4']);
  assert.deepEqual(matching(parseAttributeComparison('Topic~REFUND')), ['score-1']);
  db.close();
});
