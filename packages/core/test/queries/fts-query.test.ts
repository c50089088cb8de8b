import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConjunctiveFtsQuery } from '../../src/queries/fts-query.js';

test('words become quoted FTS5 strings, ANDed', () => {
  assert.equal(buildConjunctiveFtsQuery('refund policy').expression, '"refund" "policy"');
  assert.deepEqual(buildConjunctiveFtsQuery('Refund POLICY').words, ['refund', 'policy']);
});

test('operators, column filters and punctuation are literal words', () => {
  assert.equal(buildConjunctiveFtsQuery('refund OR NOT cancel').expression, '"refund" "OR" "NOT" "cancel"');
  assert.equal(buildConjunctiveFtsQuery('NEAR(a b, 5)').expression, '"NEAR a" "b" "5"');
  assert.equal(buildConjunctiveFtsQuery('subject:refund').expression, '"subject refund"');
  assert.equal(buildConjunctiveFtsQuery('-refund ^urgent +x').expression, '"refund" "urgent" "x"');
  assert.equal(
    buildConjunctiveFtsQuery("'; DROP TABLE conversations; --").expression,
    '"DROP" "TABLE" "conversations"',
  );
});

test('words glued by punctuation stay together as a phrase', () => {
  assert.equal(buildConjunctiveFtsQuery('e-mail order#1234').expression, '"e mail" "order 1234"');
});

test('balanced double quotes make a phrase; an unbalanced quote is ignored', () => {
  assert.equal(buildConjunctiveFtsQuery('"refund policy" annual').expression, '"refund policy" "annual"');
  assert.equal(buildConjunctiveFtsQuery('say "hello').expression, '"say" "hello"');
  assert.equal(buildConjunctiveFtsQuery('"a" "b" "c').expression, '"a" "b" "c"');
});

test('a trailing * on a word is a prefix search; a lone * is nothing', () => {
  assert.equal(buildConjunctiveFtsQuery('refu* policy').expression, '"refu"* "policy"');
  assert.equal(buildConjunctiveFtsQuery('refund *').expression, '"refund"');
  assert.equal(buildConjunctiveFtsQuery('*refund').expression, '"refund"');
  assert.equal(buildConjunctiveFtsQuery('refu* policy').prefix, true);
  assert.equal(buildConjunctiveFtsQuery('refund * "policy*"').prefix, false);
});

test('Unicode letters, digits and marks form words; emoji and symbols separate them', () => {
  assert.equal(buildConjunctiveFtsQuery('退款 问题').expression, '"退款" "问题"');
  assert.equal(buildConjunctiveFtsQuery('café\u0301 naïve').expression, '"café\u0301" "naïve"');
  assert.equal(buildConjunctiveFtsQuery('🔥fire🔥').expression, '"fire"');
});

test('queries without words, too long or with too many words are invalid input', () => {
  for (const query of ['', '   ', '"', '""', '()', '*', '🔥🔥', '\u0000', '-- ;']) {
    assert.throws(() => buildConjunctiveFtsQuery(query), { code: 'invalid_input' }, JSON.stringify(query));
  }
  assert.throws(() => buildConjunctiveFtsQuery('x'.repeat(1001)), { code: 'invalid_input' });
  assert.throws(() => buildConjunctiveFtsQuery(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ')), {
    code: 'invalid_input',
  });
  assert.doesNotThrow(() =>
    buildConjunctiveFtsQuery(Array.from({ length: 32 }, (_, i) => `w${i}`).join(' ')),
  );
  assert.throws(() => buildConjunctiveFtsQuery(42 as unknown as string), { code: 'invalid_input' });
});

test('a prefix needs three characters before the *; the error names the term', () => {
  for (const [query, term] of [
    ['a*', 'a*'],
    ['the* a* i*', 'a*'],
    ['re* fund', 're*'],
    ['e-m*', 'e m*'],
    ['東*', '東*'],
  ] as const) {
    assert.throws(() => buildConjunctiveFtsQuery(query), {
      code: 'invalid_input',
      message: new RegExp(`^${term.replace('*', '\\*')} is too short a prefix`),
      details: { field: 'query', term },
    });
  }
  assert.equal(buildConjunctiveFtsQuery('ref*').expression, '"ref"*');
  assert.equal(buildConjunctiveFtsQuery('e-mai*').expression, '"e mai"*');
  assert.deepEqual(
    buildConjunctiveFtsQuery('refund "credit card" invo*').terms.map((term) => [
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
