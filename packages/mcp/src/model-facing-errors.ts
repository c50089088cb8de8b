/**
 * Core's error sentences are written for a person at a shell ("run fic sync"). A model reads them
 * through a tool: it should learn what it can do itself (sync_conversations) and what only the user can
 * (the token, the config file), so the commands are rephrased, never dropped.
 */
const rewrites: [RegExp, string][] = [
  [/(?<!to )\bor run fic init( again)?/g, 'or ask the user to run fic init$1 (no tool can fix this)'],
  [/\band run fic init( again)?/g, 'and ask the user to run fic init$1 (no tool can fix this)'],
  [
    /(?<!to )\b[Rr]un fic sync --full(?: --db \S+)?/g,
    "call sync_conversations with mode 'full' (or ask the user to run fic sync --full)",
  ],
  [
    /(?<!to )\b[Rr]un fic sync(?: again)?(?! --full| \(or call)/g,
    'call sync_conversations (or ask the user to run fic sync)',
  ],
];

export function modelFacingMessage(message: string): string {
  let text = message;
  for (const [pattern, replacement] of rewrites) text = text.replace(pattern, replacement);
  // A rewrite that starts a sentence keeps its capital.
  return text.replace(/([.!?]\s+)call sync_conversations/g, '$1Call sync_conversations');
}
