import { distance as editDistance } from 'fastest-levenshtein';

/**
 * The known names closest to what was typed, best first: within a third of the name's length (at least
 * 1, so `recnt` finds `recent`), or names the typed text starts (`tick` finds `ticket` and `tickets`).
 */
export function closestNames(typed: string, known: Iterable<string>, limit = 3): string[] {
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  return [...new Set(known)]
    .map((name) => ({ name, distance: editDistance(typed, name) }))
    .filter(({ name, distance }) => distance <= allowed || (typed.length >= 3 && name.startsWith(typed)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}

/** " Did you mean x?" / " Did you mean x or y?", or '' when nothing is close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const last = suggestions.at(-1)!;
  const rest = suggestions.slice(0, -1);
  return ` Did you mean ${rest.length > 0 ? `${rest.join(', ')} or ${last}` : last}?`;
}
