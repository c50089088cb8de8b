import type { RelevanceReport, RelevanceScores, TargetResult } from '../bench-report.js';
import { int, ms, n, table } from './markdown-format.js';

type Measured = { relevance: RelevanceReport };

/** Issue 13's targets: no question without a hit, mean precision@10 >= 0.8, question p95 <= 15 ms. */
export function relevanceTargets({ relevance }: Measured): TargetResult[] {
  return [
    {
      scenario: 'relevance',
      name: 'Questions without a hit',
      target: '0',
      measured: `${relevance.ranked.noHit} of ${relevance.questions} (before: ${relevance.baseline.noHit})`,
      pass: relevance.ranked.noHit === 0,
    },
    {
      scenario: 'relevance',
      name: 'Mean precision@10 of the questions',
      target: '>= 0.8',
      measured: `${n(relevance.ranked.meanPrecisionAt10, 3)} (before: ${n(relevance.baseline.meanPrecisionAt10, 3)}; ${n(relevance.bridged.meanPrecisionAt10, 3)} without the ${relevance.lexicalGap.questions} lexical-gap questions)`,
      pass: relevance.ranked.meanPrecisionAt10 >= 0.8,
    },
    {
      scenario: 'relevance',
      name: 'Search p95 of the questions (core)',
      target: '<= 15 ms',
      measured: `${n(relevance.latency.p95Ms, 2)} ms`,
      pass: relevance.latency.p95Ms <= 15,
    },
  ];
}

export function relevanceSection({ relevance }: Measured): string[] {
  const row = (name: string, scores: RelevanceScores): string[] => [
    name,
    int(scores.questions),
    `${int(scores.noHit)} (${n(scores.noHitShare * 100, 1)}%)`,
    n(scores.meanPrecisionAt10, 3),
    n(scores.meanNdcgAt10, 3),
  ];
  const misses = relevance.perQuestion
    .filter((item) => item.ranked.precision < 0.5)
    .map(
      (item) =>
        `"${item.question}" (${item.topic}${item.lexicalGap ? ', lexical gap' : ''}: ${item.ranked.hits === 0 ? 'no hit' : `${item.ranked.relevant}/${relevance.cutoff}`})`,
    );
  return [
    `${int(relevance.questions)} natural-language questions over ${int(relevance.topics)} topics (benchmarks/src/scenarios/relevance-questions.ts), each searched through the core query for ${relevance.cutoff} hits. A hit is relevant when the conversation's topic, judged by the fake's topic vocabulary (${int(relevance.conversations)} conversations judged), is the question's. "Before" is search as it was before issue 13 (every word required, stopwords and operators included), run on the same database.`,
    '',
    table(
      ['Search', 'Questions', 'No hit', 'Mean precision@10', 'Mean nDCG@10'],
      [
        row('Ranked (now)', relevance.ranked),
        row('Every word required (before)', relevance.baseline),
        row('Ranked, lexical-gap questions only', relevance.lexicalGap.ranked),
        row('Ranked, the other questions', relevance.bridged),
      ],
    ),
    '',
    `Lexical-gap questions: ${int(relevance.lexicalGap.questions)} of ${int(relevance.questions)} (${n(relevance.lexicalGap.share * 100, 1)}%) use no word (after stemming) of their topic's vocabulary ("sign in" for login, "yearly" for annual, "money back" for refund): lexical matching cannot bridge them, and no synonym list is tuned to them.`,
    '',
    `Latency of the questions (core query, ${int(relevance.latency.calls)} calls): p50 ${ms(relevance.latency.p50Ms)} ms, p95 ${ms(relevance.latency.p95Ms)} ms, p99 ${ms(relevance.latency.p99Ms)} ms; the same questions with every word required, timed alike: p50 ${ms(relevance.baselineLatency.p50Ms)} ms, p95 ${ms(relevance.baselineLatency.p95Ms)} ms.`,
    '',
    misses.length === 0
      ? 'Every question has precision@10 of at least 0.5.'
      : `Below 0.5 precision@10: ${misses.join('; ')}.`,
  ];
}
