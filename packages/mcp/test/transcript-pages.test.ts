import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageFooter, TRANSCRIPT_PAGE_BYTES, transcriptPages } from '../src/transcript-pages.js';

const uri = (page: number): string => `intercom://conversation/7?page=${page}`;

/** The pages of `markdown` in order, each checked against the cap, and the text they hold. */
function readAll(markdown: string, maxBytes?: number): { pages: string[]; joined: string } {
  const transcript = transcriptPages(markdown, uri, maxBytes);
  const pages: string[] = [];
  for (let page = 1; page <= transcript.pages; page += 1) pages.push(transcript.text(page)!);
  assert.equal(transcript.text(transcript.pages + 1), undefined, 'nothing past the last page');
  if (transcript.pages === 1) return { pages, joined: pages[0]! };
  const joined = pages
    .map((text, index) => {
      const footer = pageFooter(
        index + 1 < pages.length
          ? `Page ${index + 1} of ${pages.length}. Continued on page ${index + 2}: ${uri(index + 2)}`
          : `Page ${pages.length} of ${pages.length}: the end of the transcript.`,
      );
      assert.ok(text.endsWith(footer), `page ${index + 1} ends with where to go on`);
      return text.slice(0, -footer.length);
    })
    .join('');
  return { pages, joined };
}

describe('transcript pages', () => {
  test('a transcript that fits is one page, as it is', () => {
    const markdown = '# Subject\n\nhello\n';
    const transcript = transcriptPages(markdown, uri);
    assert.equal(transcript.pages, 1);
    assert.equal(transcript.text(1), markdown);
    assert.equal(transcript.text(2), undefined);
  });

  test('a long one is cut into pages of at most the cap, at line breaks, losing nothing', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i}: ${'words '.repeat(i % 40)}`);
    const markdown = `${lines.join('\n')}\n`;
    const { pages, joined } = readAll(markdown);
    assert.ok(pages.length > 10);
    assert.equal(joined, markdown);
    for (const page of pages) {
      assert.ok(Buffer.byteLength(page) <= TRANSCRIPT_PAGE_BYTES);
      assert.match(page.split('\n\n---\n')[0]!, /\n$/, 'each page ends with a whole line');
    }
  });

  test('one line longer than a page is cut between characters, never inside one', () => {
    const markdown = `${'é東🎉a'.repeat(40_000)}\n`;
    const { pages, joined } = readAll(markdown, 64 * 1024);
    assert.ok(pages.length >= 6);
    assert.equal(joined, markdown);
    for (const page of pages) {
      assert.ok(Buffer.byteLength(page) <= 64 * 1024);
      assert.ok(!page.includes('\uFFFD'), 'no character was split');
    }
  });
});
