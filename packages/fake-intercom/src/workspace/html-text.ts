/** HTML body -> plain text the way `display_as=plaintext` renders it: links become `label (url)`. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: ' ',
};

export function htmlToPlainText(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g, '$2 ($1)')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<img [^>]*>/g, '[Image]')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#39|[a-z]+);/g, (match, name: string) => ENTITIES[name] ?? match)
    .trim();
}
