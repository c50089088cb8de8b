import type { RecurringTopic } from './query-types.js';
import { keywordsOf } from './summary-text.js';

export const MAX_TOPICS = 8;

/**
 * Tags and content words that occur in at least two of a customer's conversations, most frequent
 * first (tags before words on ties, then alphabetical), so the same data always gives the same list.
 */
export function recurringTopics(conversations: { tags: string[]; text: string }[]): RecurringTopic[] {
  const tagCounts = new Map<string, number>();
  const wordCounts = new Map<string, number>();
  for (const conversation of conversations) {
    for (const tag of new Set(conversation.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    for (const word of keywordsOf(conversation.text)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const tagWords = new Set([...tagCounts.keys()].map((tag) => tag.toLowerCase()));
  const topics: RecurringTopic[] = [
    ...[...tagCounts].map(([topic, count]) => ({ topic, kind: 'tag' as const, conversations: count })),
    ...[...wordCounts]
      .filter(([word]) => !tagWords.has(word))
      .map(([topic, count]) => ({ topic, kind: 'keyword' as const, conversations: count })),
  ];
  return topics
    .filter((topic) => topic.conversations >= 2)
    .sort(
      (a, b) =>
        b.conversations - a.conversations ||
        (a.kind === b.kind ? 0 : a.kind === 'tag' ? -1 : 1) ||
        (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
    )
    .slice(0, MAX_TOPICS);
}
