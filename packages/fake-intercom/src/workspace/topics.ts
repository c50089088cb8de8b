/** Recurring support topics: each brings its own words, subjects and opening lines. */

export interface Topic {
  name: string;
  /** Relative frequency among conversations. */
  weight: number;
  /** Words specific to this topic; they appear nowhere else. */
  words: string[];
  subjects: string[];
  openers: string[];
}

export const TOPICS: readonly Topic[] = [
  {
    name: 'billing',
    weight: 14,
    words: [
      'invoice',
      'invoices',
      'billing',
      'charged',
      'charge',
      'payment',
      'card',
      'receipt',
      'vat',
      'overcharged',
      'prorated',
    ],
    subjects: ['Question about my invoice', 'Billing issue', 'Charged twice this month'],
    openers: [
      'I was charged twice for my subscription this month',
      'My invoice shows the wrong amount',
      'Can you send me a receipt with our VAT number',
    ],
  },
  {
    name: 'login',
    weight: 13,
    words: [
      'login',
      'password',
      'sso',
      'locked',
      '2fa',
      'authenticator',
      'signin',
      'credentials',
      'verification',
      'lockout',
    ],
    subjects: ["Can't log in", 'Password reset not working', 'Locked out of my account'],
    openers: [
      "I can't log in to my account since this morning",
      'The password reset email never arrives',
      'SSO login keeps redirecting me back to the login page',
    ],
  },
  {
    name: 'refunds',
    weight: 8,
    words: ['refund', 'refunded', 'refunds', 'chargeback', 'cancellation', 'reimbursement', 'money-back'],
    subjects: ['Refund request', 'Requesting a refund', 'Where is my refund?'],
    openers: [
      'I would like a refund for my last order',
      'I cancelled last week and still have not received my refund',
      'Can I get a refund for the annual plan',
    ],
  },
  {
    name: 'bugs',
    weight: 12,
    words: [
      'bug',
      'crash',
      'crashes',
      'crashed',
      'glitch',
      'broken',
      'exception',
      'stacktrace',
      'freezes',
      'regression',
    ],
    subjects: ['Bug report', 'App crashes on startup', 'Something is broken'],
    openers: [
      'The app crashes every time I open the reports page',
      'I think I found a bug in the export',
      'The editor freezes when I paste an image',
    ],
  },
  {
    name: 'shipping',
    weight: 10,
    words: [
      'shipping',
      'shipment',
      'delivery',
      'delivered',
      'courier',
      'tracking',
      'parcel',
      'package',
      'warehouse',
      'customs',
    ],
    subjects: ['Where is my order?', 'Shipping delay', 'Tracking number not working'],
    openers: [
      'My package still has not been delivered',
      'The tracking number you sent does not work',
      'The courier says the parcel is stuck in customs',
    ],
  },
  {
    name: 'subscription',
    weight: 9,
    words: [
      'subscription',
      'upgrade',
      'downgrade',
      'renewal',
      'trial',
      'annual',
      'monthly',
      'pricing',
      'tier',
      'discount',
    ],
    subjects: ['Changing our plan', 'Trial extension', 'Question about pricing'],
    openers: [
      'We want to upgrade to the annual plan',
      'Could you extend our trial by a week',
      'What happens to our data if we downgrade',
    ],
  },
  {
    name: 'integrations',
    weight: 8,
    words: [
      'slack',
      'salesforce',
      'zapier',
      'hubspot',
      'shopify',
      'oauth',
      'webhook',
      'apikey',
      'zap',
      'jira',
    ],
    subjects: ['Integration not syncing', 'Slack integration question', 'API access'],
    openers: [
      'The Salesforce integration stopped syncing yesterday',
      'Our Zapier zap fails with an OAuth error',
      'How do I connect Slack to our workspace',
    ],
  },
  {
    name: 'performance',
    weight: 6,
    words: [
      'slow',
      'loading',
      'lag',
      'laggy',
      'sluggish',
      'spinner',
      'performance',
      'timeouts',
      'unresponsive',
    ],
    subjects: ['Everything is very slow', 'Dashboard takes forever to load'],
    openers: [
      'The dashboard has been really slow all day',
      'Pages take more than a minute to load',
      'The inbox is laggy and unresponsive',
    ],
  },
  {
    name: 'data-export',
    weight: 5,
    words: ['export', 'exports', 'gdpr', 'csv-export', 'deletion', 'archive', 'retention', 'backup-file'],
    subjects: ['Exporting our data', 'GDPR deletion request', 'Data retention question'],
    openers: [
      'How can I export all our contacts to CSV',
      'Please delete all my personal data under GDPR',
      'What is your data retention policy',
    ],
  },
  {
    name: 'notifications',
    weight: 5,
    words: ['notifications', 'unsubscribe', 'digest', 'spam', 'push-notification', 'alerts', 'muted'],
    subjects: ['Too many notifications', 'Not receiving alerts'],
    openers: [
      'I keep getting notifications I turned off',
      'We stopped receiving the daily digest',
      'How do I unsubscribe from these emails',
    ],
  },
  {
    name: 'general',
    weight: 10,
    words: ['feedback', 'suggestion', 'question', 'wondering', 'curious', 'roadmap', 'feature-request'],
    subjects: ['Quick question', 'Feature request', 'Feedback'],
    openers: [
      'Just a quick question about the product',
      'Is there a way to customise the dashboard',
      'We love the product, one suggestion though',
    ],
  },
];
