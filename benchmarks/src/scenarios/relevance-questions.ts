/**
 * The relevance benchmark's questions: how support leads and assistants phrase a search, written for
 * this set (not taken from the fake's subjects or opening lines), several phrasings per topic. Each is
 * labelled with the fake workspace topic (packages/fake-intercom/src/workspace/topics.ts) whose
 * conversations answer it. Some use words no conversation of the topic holds ("sign in" for login,
 * "yearly" for annual): the scenario finds those itself, by the topic's vocabulary, and reports them
 * apart, as the bound lexical matching puts on the score.
 */
export interface RelevanceQuestion {
  /** A topic name of the fake's TOPICS. */
  topic: string;
  question: string;
}

const BY_TOPIC: Record<string, string[]> = {
  billing: [
    'customer says their card was charged two times',
    'invoice amount looks wrong',
    'need a copy of the receipt with our VAT id',
    'payment failed but we still got billed',
    'overcharged on the latest invoice',
    'how is the prorated amount calculated',
    'credit card declined when paying',
  ],
  login: [
    'cannot log in after password reset',
    'user locked out after too many attempts',
    '2fa code not accepted',
    'sso redirect loop on the sign in page',
    'verification email never shows up',
    'how do I sign in with google',
    'forgot my credentials',
  ],
  refunds: [
    'customer wants a refund for a double charge',
    'how long does a refund take to arrive',
    'can I get my money back',
    'bank opened a chargeback on our account',
    'reimbursement for the cancelled order',
    'refund still not received after cancelling',
    'they want their cash returned',
  ],
  bugs: [
    'app keeps crashing when opening reports',
    'found a glitch in the editor',
    'getting an exception with a stack trace',
    'screen freezes after I paste something',
    'this looks like a regression since the last release',
    'something stopped working after the update',
    'the save button is broken',
  ],
  shipping: [
    'where is my package',
    'tracking link does not work',
    'parcel stuck at customs',
    'courier never delivered the order',
    'how long does shipping take to Canada',
    'order has not arrived yet',
  ],
  subscription: [
    'switch us to yearly billing',
    'can we extend the trial',
    'what does the next tier cost',
    'downgrade our plan to a cheaper tier',
    'is there a discount for nonprofits',
    'when is our renewal date',
    'upgrade to the annual plan',
  ],
  integrations: [
    'slack integration stopped posting messages',
    'salesforce not syncing contacts',
    'zapier zap failing with an oauth error',
    'connect hubspot to our workspace',
    'where do I find my api key',
    'jira issues are not created from conversations',
    'shopify orders not showing up',
  ],
  performance: [
    'dashboard is really slow',
    'pages take forever to load',
    'inbox laggy and unresponsive',
    'the spinner never goes away',
    'requests keep timing out',
    'performance got worse this week',
  ],
  'data-export': [
    'export all contacts to a csv',
    'delete my personal data under gdpr',
    'how long do you keep our data',
    'download an archive of all conversations',
    'what is the data retention policy',
    'we need a backup of everything before we leave',
  ],
  notifications: [
    'getting way too many notifications',
    'how to unsubscribe from these emails',
    'daily digest stopped arriving',
    'alerts are muted but still ringing',
    'your emails land in spam',
    'turn off push notifications on mobile',
  ],
  general: [
    'feature request for a dark mode',
    'any feedback on the roadmap',
    'just curious whether you support teams',
    'quick question about the product',
    'i have a suggestion for the inbox',
    'wondering if you plan to add more reports',
  ],
};

export const RELEVANCE_QUESTIONS: readonly RelevanceQuestion[] = Object.entries(BY_TOPIC).flatMap(
  ([topic, questions]) => questions.map((question) => ({ topic, question })),
);
