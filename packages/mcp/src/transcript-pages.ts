/**
 * A transcript cut into pages a client can take: one resources/read answer travels as one JSON-RPC
 * line, which the SDK's stdio client buffers whole (10 MB at most, after JSON escaping), so a 20 MB
 * conversation read in one piece ended the session. Each page holds at most TRANSCRIPT_PAGE_BYTES of
 * UTF-8 Markdown, its closing line included; a page ends at a line break when there is one in its last
 * half, else at a character boundary.
 */
export const TRANSCRIPT_PAGE_BYTES = 256 * 1024;

/** Room kept on every page for the line that says which page it is and where the next one is. */
const FOOTER_ROOM = 512;

export interface TranscriptPages {
  /** How many pages the transcript has (1 when it fits in one). */
  pages: number;
  /** Page `page` (1-based) with its closing line, or undefined past the last page. */
  text(page: number): string | undefined;
}

/**
 * `markdown` in pages; `pageUri(n)` names page n for the closing lines. A transcript that fits in one
 * page is its only page, as it is. Each page's bounds follow from the ones before it, so every read cuts
 * the same pages.
 */
export function transcriptPages(
  markdown: string,
  pageUri: (page: number) => string,
  maxBytes = TRANSCRIPT_PAGE_BYTES,
): TranscriptPages {
  const bytes = Buffer.from(markdown, 'utf8');
  if (bytes.length <= maxBytes) return { pages: 1, text: (page) => (page === 1 ? markdown : undefined) };
  const bounds = pageBounds(bytes, maxBytes - FOOTER_ROOM);
  const pages = bounds.length;
  return {
    pages,
    text: (page) => {
      const range = bounds[page - 1];
      if (range === undefined) return undefined;
      const footer =
        page < pages
          ? `Page ${page} of ${pages}. Continued on page ${page + 1}: ${pageUri(page + 1)}`
          : `Page ${pages} of ${pages}: the end of the transcript.`;
      return `${bytes.toString('utf8', range[0], range[1])}${pageFooter(footer)}`;
    },
  };
}

/** The closing line of a page, on its own line after the page's text (which may end mid-line). */
export function pageFooter(text: string): string {
  return `\n\n---\n*${text}*\n`;
}

/** [start, end) byte offsets of each page. */
function pageBounds(bytes: Buffer, budget: number): [number, number][] {
  const bounds: [number, number][] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + budget);
    if (end < bytes.length) {
      const lineEnd = bytes.lastIndexOf(0x0a, end - 1);
      if (lineEnd >= start + budget / 2) end = lineEnd + 1;
      // Never inside a character: UTF-8 continuation bytes are 10xxxxxx.
      else while (end > start + 1 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
    }
    bounds.push([start, end]);
    start = end;
  }
  return bounds;
}
