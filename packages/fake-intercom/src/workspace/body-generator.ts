import { Random, zipfCumulative } from './random.js';
import type { Topic } from './topics.js';
import { TOPICS } from './topics.js';
import {
  ADMIN_REPLIES,
  CONTACT_REPLIES,
  EMOJI,
  FOREIGN_SENTENCES,
  GENERAL_WORDS,
  NOTES,
} from './vocabulary.js';

/** Who writes a body: changes the stock phrases, not the vocabulary. */
export type BodyKind = 'source' | 'contact' | 'admin' | 'note' | 'bot';

const GENERAL_CUMULATIVE = zipfCumulative(GENERAL_WORDS.length, 1.07);

/** About one body in this many is a pasted log or email thread of ~100 KB. */
const HUGE_BODY_ODDS = 4000;

export function topicByIndex(index: number): Topic {
  const topic = TOPICS[index];
  if (topic === undefined) throw new RangeError(`no topic ${index}`);
  return topic;
}

export const TOPIC_CUMULATIVE: readonly number[] = TOPICS.reduce<number[]>((sums, topic) => {
  sums.push((sums[sums.length - 1] ?? 0) + topic.weight);
  return sums;
}, []);

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function filler(random: Random, topic: Topic, count: number): string {
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    if (random.chance(0.1)) words.push(random.pick(topic.words));
    else words.push(GENERAL_WORDS[random.weighted(GENERAL_CUMULATIVE)] ?? 'ok');
  }
  return words.join(' ');
}

function sentence(random: Random, topic: Topic, lead: string | undefined): string {
  const body = filler(random, topic, random.between(5, 16));
  const text = lead === undefined ? body.charAt(0).toUpperCase() + body.slice(1) : `${lead}, ${body}`;
  return escapeHtml(text) + random.pick(['.', '.', '.', '!', '?']);
}

function decorate(random: Random, html: string): string {
  let result = html;
  if (random.chance(0.08)) result += ` ${random.pick(EMOJI)}`;
  if (random.chance(0.05)) result += ' Q&amp;A says &quot;it&#39;s fine&quot; &lt;3';
  if (random.chance(0.06)) {
    const slug = random.pick(['billing', 'account', 'help', 'status', 'docs']);
    result += ` See <a href="https://help.example.com/${slug}/${random.int(9000)}" target="_blank" rel="nofollow noopener noreferrer">this article</a>.`;
  }
  return result;
}

function paragraph(random: Random, topic: Topic, lead: string | undefined): string {
  const sentences = [sentence(random, topic, lead)];
  const extra = random.int(3);
  for (let i = 0; i < extra; i++) sentences.push(sentence(random, topic, undefined));
  const joiner = random.chance(0.15) ? '<br>' : ' ';
  return `<p>${decorate(random, sentences.join(joiner))}</p>`;
}

function attachmentHtml(random: Random): string {
  const id = random.uint32().toString(16);
  return `<div class="intercom-container"><img src="https://downloads.intercomcdn.com/i/o/${random.int(900000)}/${id}/screenshot.png"></div>`;
}

function hugeBody(random: Random, topic: Topic): string {
  const lines: string[] = ['<p>Here is the full log from our side:</p><pre>'];
  let size = 0;
  while (size < 100_000) {
    const line = `${1_700_000_000 + random.int(9_000_000)} ERROR ${filler(random, topic, 12)}`;
    lines.push(escapeHtml(line));
    size += line.length + 1;
  }
  lines.push('</pre>');
  return lines.join('\n');
}

function leadFor(random: Random, kind: BodyKind, topic: Topic): string | undefined {
  switch (kind) {
    case 'source':
      return random.pick(topic.openers);
    case 'admin':
      return random.pick(ADMIN_REPLIES);
    case 'contact':
      return random.pick(CONTACT_REPLIES);
    case 'note':
      return random.pick(NOTES);
    case 'bot':
      return 'Thanks for your message, a teammate will be with you shortly';
  }
}

/** An HTML body as Intercom stores it, deterministic for the seed. */
export function generateBody(seed: number, kind: BodyKind, topic: Topic): string {
  const random = new Random(seed);
  if (kind !== 'bot' && random.int(HUGE_BODY_ODDS) === 0) return hugeBody(random, topic);
  const parts: string[] = [];
  if (kind === 'source' && random.chance(0.4)) parts.push('<p>Hi there,</p>');
  const count = kind === 'bot' ? 1 : random.chance(0.6) ? 1 : random.between(2, 4);
  for (let i = 0; i < count; i++)
    parts.push(paragraph(random, topic, i === 0 ? leadFor(random, kind, topic) : undefined));
  if (random.chance(0.03)) parts.push(`<p>${random.pick(FOREIGN_SENTENCES)}</p>`);
  if (random.chance(0.03)) parts.push(attachmentHtml(random));
  return parts.join('');
}
