import { DAY, NOW } from './conversation-builder.js';
import type { ConversationSpec } from './conversation-builder.js';

/**
 * A small workspace whose bodies pin search's ranking rules: one conversation holds every word of
 * `refund duplicate charge`, others hold one word, some many times (bm25 alone would put them first).
 * Every conversation also says "account", so that word is common here.
 */
export function rankingConversations(): ConversationSpec[] {
  const at = (daysAgo: number): number => NOW - daysAgo * DAY;
  const spec = (id: string, daysAgo: number, body: string, extra: Partial<ConversationSpec> = {}) => ({
    id,
    createdAt: at(daysAgo + 1),
    updatedAt: at(daysAgo),
    customer: 'u1',
    body: `${body} (account 1234)`,
    ...extra,
  });
  return [
    spec('r-all', 9, 'The refund for the duplicate charge never arrived on my card'),
    spec(
      'r-refund-only',
      1,
      'Refund please. I asked for a refund, then a refund again: refund refund refund',
    ),
    spec('r-charge-only', 2, 'There is a charge on my statement I do not recognise'),
    spec('r-duplicate-only', 3, 'The import made a duplicate of every contact'),
    spec('r-refund-printer', 4, 'A refund for the printer, which arrived broken'),
    spec('r-phrase', 5, 'The password reset email never comes'),
    spec('r-apart', 6, 'I had to reset the router, and now the password is wrong'),
    spec('r-prefix', 7, 'Our webhooks failed overnight'),
    spec('r-chargeback', 8, 'The bank opened a chargeback on this order'),
    spec('r-twin-old', 12, 'Zebra pattern on the printed labels'),
    spec('r-twin-new', 11, 'Zebra pattern on the printed labels'),
    spec('r-snoozed-old', 20, 'Waiting for the courier', { state: 'snoozed' }),
    spec('r-snoozed-new', 10, 'Waiting for the customs office', { state: 'snoozed' }),
  ];
}
