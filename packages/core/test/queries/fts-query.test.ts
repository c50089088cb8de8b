import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFtsQuery } from '../../src/queries/fts-query.js';

test('words become quoted FTS5 strings, ANDed', () => {
  assert.equal(buildFtsQuery('refund policy').expression, '"refund" "policy"');
  assert.deepEqual(buildFtsQuery('Refund POLICY').words, ['refund', 'policy']);
});

test('operators, column filters and punctuation are literal words', () => {
  assert.equal(buildFtsQuery('refund OR NOT cancel').expression, '"refund" "OR" "NOT" "cancel"');
  assert.equal(buildFtsQuery('NEAR(a b, 5)').expression, '"NEAR a" "b" "5"');
  assert.equal(buildFtsQuery('subject:refund').expression, '"subject refund"');
  assert.equal(buildFtsQuery('-refund ^urgent +x').expression, '"refund" "urgent" "x"');
  assert.equal(buildFtsQuery("'; DROP TABLE conversations; --").expression, '"DROP" "TABLE" "conversations"');
});

test('words glued by punctuation stay together as a phrase', () => {
  assert.equal(buildFtsQuery('e-mail order#1234').expression, '"e mail" "order 1234"');
});

test('balanced double quotes make a phrase; an unbalanced quote is ignored', () => {
  assert.equal(buildFtsQuery('"refund policy" annual').expression, '"refund policy" "annual"');
  assert.equal(buildFtsQuery('say "hello').expression, '"say" "hello"');
  assert.equal(buildFtsQuery('"a" "b" "c').expression, '"a" "b" "c"');
});

test('a trailing * on a word is a prefix search; a lone * is nothing', () => {
  assert.equal(buildFtsQuery('refu* policy').expression, '"refu"* "policy"');
  assert.equal(buildFtsQuery('refund *').expression, '"refund"');
  assert.equal(buildFtsQuery('*refund').expression, '"refund"');
  assert.equal(buildFtsQuery('refu* policy').prefix, true);
  assert.equal(buildFtsQuery('refund * "policy*"').prefix, false);
});

test('Unicode letters, digits and marks form words; emoji and symbols separate them', () => {
  assert.equal(buildFtsQuery('退款 问题').expression, '"退款" "问题"');
  assert.equal(buildFtsQuery('café\u0301 naïve').expression, '"café\u0301" "naïve"');
  assert.equal(buildFtsQuery('🔥fire🔥').expression, '"fire"');
});

test('queries without words, too long or with too many words are invalid input', () => {
  for (const query of ['', '   ', '"', '""', '()', '*', '🔥🔥', '\u0000', '-- ;']) {
    assert.throws(() => buildFtsQuery(query), { code: 'invalid_input' }, JSON.stringify(query));
  }
  assert.throws(() => buildFtsQuery('x'.repeat(1001)), { code: 'invalid_input' });
  assert.throws(() => buildFtsQuery(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ')), {
    code: 'invalid_input',
  });
  assert.doesNotThrow(() => buildFtsQuery(Array.from({ length: 32 }, (_, i) => `w${i}`).join(' ')));
  assert.throws(() => buildFtsQuery(42 as unknown as string), { code: 'invalid_input' });
});

test('a prefix needs three characters before the *; the error names the term', () => {
  for (const [query, term] of [
    ['a*', 'a*'],
    ['the* a* i*', 'a*'],
    ['re* fund', 're*'],
    ['e-m*', 'e m*'],
    ['東*', '東*'],
  ] as const) {
    assert.throws(() => buildFtsQuery(query), {
      code: 'invalid_input',
      message: new RegExp(`^${term.replace('*', '\\*')} is too short a prefix`),
      details: { field: 'query', term },
    });
  }
  assert.equal(buildFtsQuery('ref*').expression, '"ref"*');
  assert.equal(buildFtsQuery('e-mai*').expression, '"e mai"*');
  assert.deepEqual(
    buildFtsQuery('refund "credit card" invo*').terms.map((term) => [
      term.text,
      term.expression,
      term.prefix,
    ]),
    [
      ['refund', '"refund"', false],
      ['"credit card"', '"credit card"', false],
      ['invo*', '"invo"*', true],
    ],
  );
});
