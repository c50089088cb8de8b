/**
 * Deterministic text picking for summaries: the sentences of a message that most look like a problem
 * statement or an answer, and the words a customer keeps coming back to. No model, no randomness: the
 * same text always gives the same picks.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words that mark a problem, a request or an answer; each occurrence raises a sentence's score. */
const CUES =
  /\b(error|errors|fail\w*|can'?t|cannot|unable|not working|doesn'?t|don'?t|won'?t|isn'?t|broken|issue|problem|bug|wrong|crash\w*|missing|lost|stuck|charged?|refund\w*|cancel\w*|invoice|payment|password|login|log in|access|how (do|can|to)|why|need|want|please|help|fixed|resolved|solution|workaround|update[ds]?|deploy\w*|sent|released?)\b/gi;
/** Openers and sign-offs; a short sentence that starts with one carries no content. */
const GREETING =
  /^(hi|hello|hey|dear|thanks?|thank you|many thanks|cheers|regards|best|kind regards|good (morning|afternoon|evening))\b/i;

export const MAX_SENTENCE_LENGTH = 240;

export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(text.replace(/\s+/g, ' ').trim())) {
    const sentence = segment.trim();
    if (sentence !== '') sentences.push(sentence);
  }
  return sentences;
}

/**
 * Up to `count` sentences of the texts (each text split on its own, so messages never run into each
 * other), the best scoring chosen, returned in their original order.
 */
export function keySentences(texts: string | readonly string[], count: number): string[] {
  const sentences = (typeof texts === 'string' ? [texts] : texts).flatMap(sentencesOf);
  const scored = sentences.map((sentence, index) => ({
    sentence,
    index,
    score: scoreSentence(sentence, index),
  }));
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((entry) => clip(entry.sentence, MAX_SENTENCE_LENGTH));
}

function scoreSentence(sentence: string, index: number): number {
  const words = sentence.split(/\s+/).length;
  if (words <= 4 && GREETING.test(sentence)) return 0;
  if (words < 3 && !sentence.endsWith('?')) return 0.5;
  let score = 1 + Math.min(words, 25) / 25;
  score += (sentence.match(CUES)?.length ?? 0) * 2;
  if (sentence.endsWith('?')) score += 1.5;
  return score - index * 0.1;
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further get got had has ' +
    'have having he her here hers him his how i if in into is it its itself just me more most my no nor not ' +
    'now of off on once only or other our ours out over own same she should so some such than that the their ' +
    'them then there these they this those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours hi hello hey thanks thank please regards cheers ' +
    'dear team help need want like know still using use used able would could back today yesterday tomorrow ' +
    'really much many one two via http https www com'
  ).split(' '),
);

/** Distinct content words of a text (lower-cased, 4+ letters, no stopwords, light plural folding). */
export function keywordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\p{L}[\p{L}\p{M}'-]*\p{L}/gu)) {
    const word = fold(match[0]);
    if (word.length >= 4 && !STOPWORDS.has(word)) words.add(word);
  }
  return words;
}

function fold(word: string): string {
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us'))
    return word.slice(0, -1);
  return word;
}

/** "2d 3h", "4h 5m", "12m", "40s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m`;
  return `${s}s`;
}
