import Database from 'better-sqlite3';
import { FicError, openDatabase, parseSearchQuery, searchConversations } from '@fastintercom/core';
import type { FicDatabase, SearchOptions } from '@fastintercom/core';
import { TOPICS } from '@fastintercom/fake-intercom';
import type { BenchContext } from '../bench-context.js';
import type { RelevanceQuestionResult, RelevanceReport, RelevanceScores } from '../bench-report.js';
import { latencyStats, round } from '../latency-stats.js';
import { judgeTopics } from './relevance-judge.js';
import { RELEVANCE_QUESTIONS } from './relevance-questions.js';
import type { RelevanceQuestion } from './relevance-questions.js';

/** Hits judged per question. */
const CUTOFF = 10;
/** Timed runs of each question (after one untimed run). */
const TIMED_RUNS = 5;

/**
 * Scenario 12: the labelled natural-language questions (relevance-questions.ts) against the synced
 * workspace, through the core query, now and as search was before issue 13 (every word required:
 * SearchOptions.matching 'conjunctive', the old compiler kept for this). A hit is relevant when the
 * conversation's topic (relevance-judge.ts) is the question's. Reports the share of questions without
 * a hit, precision@10 and nDCG@10 for both, the same split by questions whose words the topic's
 * vocabulary never uses (what lexical matching cannot bridge), and the questions' latency.
 */
export async function measureRelevance(context: BenchContext, dbPath: string): Promise<RelevanceReport> {
  context.progress('relevance', 'judging topics', 0, null);
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  let judgement;
  try {
    judgement = judgeTopics(sqlite);
  } finally {
    sqlite.close();
  }
  const gaps = lexicalGaps(RELEVANCE_QUESTIONS);
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    const questions: RelevanceQuestionResult[] = [];
    for (const [index, item] of RELEVANCE_QUESTIONS.entries()) {
      const ideal = Math.min(CUTOFF, judgement.sizes.get(item.topic) ?? 0);
      const judge = (ids: string[]) => scoreHits(ids, item.topic, judgement.topicOf, ideal);
      questions.push({
        topic: item.topic,
        question: item.question,
        lexicalGap: gaps.has(item.question),
        ranked: judge(hitIds(database, item.question, {})),
        baseline: judge(hitIds(database, item.question, { matching: 'conjunctive' })),
      });
      context.progress('relevance', 'judging questions', index + 1, RELEVANCE_QUESTIONS.length);
    }
    const latency = questionLatency(database, TIMED_RUNS);
    // The same questions the old way, timed alike: the machine's load weighs on both.
    const baselineLatency = questionLatency(database, TIMED_RUNS, { matching: 'conjunctive' });
    const gapQuestions = questions.filter((item) => item.lexicalGap);
    return {
      questions: questions.length,
      topics: new Set(questions.map((item) => item.topic)).size,
      conversations: judgement.topicOf.size,
      cutoff: CUTOFF,
      ranked: summarise(questions.map((item) => item.ranked)),
      baseline: summarise(questions.map((item) => item.baseline)),
      lexicalGap: {
        questions: gapQuestions.length,
        share: round(gapQuestions.length / questions.length, 3),
        ranked: summarise(gapQuestions.map((item) => item.ranked)),
      },
      bridged: summarise(questions.filter((item) => !item.lexicalGap).map((item) => item.ranked)),
      latency,
      baselineLatency,
      perQuestion: questions,
    };
  } finally {
    await database.close();
  }
}

/** Each question's search time through the core query, `runs` times each after one untimed run. */
export function questionLatency(
  database: FicDatabase,
  runs: number,
  options: SearchOptions = {},
): RelevanceReport['latency'] {
  const samples: number[] = [];
  for (const item of RELEVANCE_QUESTIONS) hitIds(database, item.question, options);
  for (let run = 0; run < runs; run += 1) {
    for (const item of RELEVANCE_QUESTIONS) {
      const started = performance.now();
      hitIds(database, item.question, options);
      samples.push(performance.now() - started);
    }
  }
  return latencyStats(samples);
}

/** The page's hit ids; a query search refuses (nothing left to search) has none. */
function hitIds(database: FicDatabase, query: string, options: SearchOptions): string[] {
  try {
    return searchConversations(database, { query, limit: CUTOFF }, options).hits.map((hit) => hit.id);
  } catch (error) {
    if (error instanceof FicError && error.code === 'invalid_input') return [];
    throw error;
  }
}

function scoreHits(
  ids: string[],
  topic: string,
  topicOf: Map<string, string>,
  ideal: number,
): RelevanceQuestionResult['ranked'] {
  const relevant = ids.map((id) => topicOf.get(id) === topic);
  const dcg = relevant.reduce((sum, hit, rank) => sum + (hit ? 1 / Math.log2(rank + 2) : 0), 0);
  let idcg = 0;
  for (let rank = 0; rank < ideal; rank += 1) idcg += 1 / Math.log2(rank + 2);
  return {
    hits: ids.length,
    relevant: relevant.filter(Boolean).length,
    precision: round(relevant.filter(Boolean).length / CUTOFF, 3),
    ndcg: round(idcg === 0 ? 0 : dcg / idcg, 3),
  };
}

function summarise(results: RelevanceQuestionResult['ranked'][]): RelevanceScores {
  const count = results.length;
  const mean = (values: number[]): number =>
    count === 0 ? 0 : round(values.reduce((sum, value) => sum + value, 0) / count, 3);
  const noHit = results.filter((item) => item.hits === 0).length;
  return {
    questions: count,
    noHit,
    noHitShare: count === 0 ? 0 : round(noHit / count, 3),
    meanPrecisionAt10: mean(results.map((item) => item.precision)),
    meanNdcgAt10: mean(results.map((item) => item.ndcg)),
  };
}

/**
 * The questions none of whose search words the topic's vocabulary holds, once both go through the
 * index's tokenizer (porter, so "crashing" meets "crashes"): a scratch in-memory FTS5 table holds one
 * row of vocabulary a topic.
 */
function lexicalGaps(questions: readonly RelevanceQuestion[]): Set<string> {
  const scratch = new Database(':memory:');
  try {
    scratch.exec(
      "CREATE VIRTUAL TABLE vocabulary USING fts5(words, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    const insert = scratch.prepare('INSERT INTO vocabulary (rowid, words) VALUES (?, ?)');
    TOPICS.forEach((topic, index) => insert.run(index + 1, topic.words.join(' ')));
    // The rows matching, compared in JavaScript: a JavaScript number bound to `rowid = ?` arrives as a
    // REAL, and FTS5 then ignores the constraint (every match comes back).
    const holding = scratch.prepare('SELECT rowid FROM vocabulary WHERE vocabulary MATCH ?').pluck();
    const gaps = new Set<string>();
    for (const item of questions) {
      const topic = TOPICS.findIndex((candidate) => candidate.name === item.topic);
      if (topic < 0) throw new Error(`No topic ${item.topic} in the fake`);
      let expression: string;
      try {
        const query = parseSearchQuery(item.question);
        expression = query.clauses
          .flatMap((clause) => clause.alternatives.map((term) => term.expression))
          .join(' OR ');
      } catch {
        gaps.add(item.question);
        continue;
      }
      if (!(holding.all(expression) as number[]).includes(topic + 1)) gaps.add(item.question);
    }
    return gaps;
  } finally {
    scratch.close();
  }
}
