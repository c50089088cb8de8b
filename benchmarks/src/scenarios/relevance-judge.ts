import type Database from 'better-sqlite3';
import { TOPICS } from '@fastintercom/fake-intercom';

/**
 * The topic of each stored conversation, judged by the fake's topic vocabulary: the fake writes a
 * conversation's filler with its topic's words and no other topic's (workspace/vocabulary.ts), so the
 * topic whose words occur most in its subject, title and messages is the one it was generated for. A
 * stock phrase can carry a word of another topic (a refund opener says "annual"), which the count
 * outweighs. Words are matched exactly as the fake wrote them, lower-cased, not stemmed: the porter
 * stemmer folds "notifications" into "notification", which every topic uses.
 */
export interface TopicJudgement {
  /** Conversation id -> topic name; conversations holding no topic word are left out. */
  topicOf: Map<string, string>;
  /** Conversations per topic. */
  sizes: Map<string, number>;
}

const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

export function judgeTopics(sqlite: Database.Database): TopicJudgement {
  const topicIndex = new Map<string, number>();
  TOPICS.forEach((topic, index) => {
    for (const word of topic.words) topicIndex.set(word.toLowerCase(), index);
  });
  const counts = new Map<string, Int32Array>();
  const add = (id: string, text: string | null): void => {
    if (text === null) return;
    let row = counts.get(id);
    for (const word of text.toLowerCase().match(WORD) ?? []) {
      const index = topicIndex.get(word);
      if (index === undefined) continue;
      row ??= new Int32Array(TOPICS.length);
      counts.set(id, row);
      row[index]! += 1;
    }
  };
  const conversations = sqlite
    .prepare('SELECT id, title, source_subject, source_body_text FROM conversations')
    .iterate() as Iterable<{
    id: string;
    title: string | null;
    source_subject: string | null;
    source_body_text: string | null;
  }>;
  for (const row of conversations) {
    add(row.id, row.title);
    add(row.id, row.source_subject);
    add(row.id, row.source_body_text);
  }
  const parts = sqlite
    .prepare('SELECT conversation_id, body_text FROM conversation_parts WHERE body_text IS NOT NULL')
    .iterate() as Iterable<{ conversation_id: string; body_text: string }>;
  for (const part of parts) add(part.conversation_id, part.body_text);

  const topicOf = new Map<string, string>();
  const sizes = new Map<string, number>(TOPICS.map((topic) => [topic.name, 0]));
  for (const [id, row] of counts) {
    let best = 0;
    for (let index = 1; index < row.length; index += 1) if (row[index]! > row[best]!) best = index;
    const name = TOPICS[best]!.name;
    topicOf.set(id, name);
    sizes.set(name, (sizes.get(name) ?? 0) + 1);
  }
  return { topicOf, sizes };
}
