import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlText } from '../../src/sync/html-text.js';

test('paragraphs and line breaks become lines, inline tags vanish', () => {
  assert.equal(
    htmlText('<p>Hello <b>there</b>,</p><p>how are <i>you</i>?</p>'),
    'Hello there,\nhow are you?',
  );
  assert.equal(htmlText('one<br>two<br/>three<BR />four'), 'one\ntwo\nthree\nfour');
  assert.equal(
    htmlText('<ul><li>first</li><li>second</li></ul><h2>Title</h2>end'),
    'first\nsecond\nTitle\nend',
  );
  assert.equal(htmlText('<div><div><p>deeply <span><em>nested</em></span></p></div></div>'), 'deeply nested');
  assert.equal(htmlText('<b>bold</b>er'), 'bolder');
});

test('source whitespace collapses, markup-made lines stay, ends are trimmed', () => {
  assert.equal(htmlText('  <p>\n  lots   of\n\tspace  </p>\n\n<p> here </p>  '), 'lots of space\nhere');
  assert.equal(htmlText('<p>a</p><p><br></p><p>b</p>'), 'a\nb');
  assert.equal(htmlText(''), '');
  assert.equal(htmlText(null), '');
  assert.equal(htmlText('<p></p>'), '');
});

test('links keep their text, images become their alt or [image]', () => {
  assert.equal(htmlText('See <a href="https://x.test/?a=1&amp;b=2">the docs</a>.'), 'See the docs.');
  assert.equal(htmlText('<p>Look: <img src="https://x.test/a.png"></p>'), 'Look: [image]');
  assert.equal(htmlText('<img alt="A cat" src="c.png"/> and <img alt=\'dog\'>'), 'A cat and dog');
  assert.equal(htmlText('<img alt="" src="c.png">'), '[image]');
});

test('entities are decoded after the tags are gone', () => {
  assert.equal(
    htmlText('<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;n&#x27; caf&eacute;</p>'),
    'Tom & Jerry <3 "cheese" \'n\' café',
  );
  assert.equal(htmlText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'), '<script>alert(1)</script>');
  assert.equal(htmlText('<p>a&nbsp;&nbsp;b</p>'), 'a b');
  assert.equal(htmlText('AT&T &copy; 2024'), 'AT&T © 2024');
});

test('emoji, CJK and right-to-left text pass through untouched', () => {
  assert.equal(htmlText('<p>Thanks 🙏🏽 👨‍👩‍👧</p>'), 'Thanks 🙏🏽 👨‍👩‍👧');
  assert.equal(htmlText('<p>你好，世界</p><p>こんにちは</p>'), '你好，世界\nこんにちは');
  assert.equal(htmlText('<p dir="rtl">مرحبا بالعالم</p><p>שלום</p>'), 'مرحبا بالعالم\nשלום');
  assert.equal(htmlText('&#128512; &#x1F600;'), '😀 😀');
});

test('malformed HTML degrades to readable text', () => {
  assert.equal(htmlText('<p>unclosed <b>bold'), 'unclosed bold');
  assert.equal(htmlText('a < b and c > d'), 'a < b and c > d');
  assert.equal(htmlText('x <notatag'), 'x <notatag');
  assert.equal(htmlText('</p>stray closers</div>'), 'stray closers');
  assert.equal(htmlText('<p>before<!-- a comment -->after</p>'), 'beforeafter');
  assert.equal(htmlText('<p>open comment <!-- never closed'), 'open comment');
  assert.equal(
    htmlText('<style>p { color: red }</style><script>var a = "<p>";</script><p>shown</p>'),
    'shown',
  );
  assert.equal(htmlText('<!DOCTYPE html><html><body><p>doc</p></body></html>'), 'doc');
  assert.equal(htmlText('&bogus; &amp'), '&bogus; &');
});

test('text without markup keeps its own lines', () => {
  assert.equal(htmlText('plain text\r\nsecond   line\n\n\nthird'), 'plain text\nsecond line\nthird');
});

test('100 KB bodies convert completely, well-formed or not', () => {
  const paragraph = '<p>Hello <a href="https://example.com/x?y=1&amp;z=2">world</a> &amp; 你好 🙂</p>';
  const big = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
  const text = htmlText(big);
  const lines = text.split('\n');
  assert.equal(lines.length, Math.ceil(100_000 / paragraph.length));
  assert.ok(lines.every((line) => line === 'Hello world & 你好 🙂'));

  const broken = '<p title="unclosed quote>' + 'a <b c="d '.repeat(10_000) + '</p>';
  assert.ok(broken.length > 100_000);
  const brokenText = htmlText(broken);
  assert.ok(!brokenText.includes('<p'), 'the first tag is stripped');
});
