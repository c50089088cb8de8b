/** One conversation's search document, as the `conversation_documents` view builds it. */
export interface SearchDocument {
  subject: string;
  body: string;
}

/**
 * The document of a conversation from its rows, exactly as the `conversation_documents` view builds it
 * (FTS5's 'delete' later reads it back through the view and must find the very values indexed):
 * subject = trim(title || ' ' || source_subject), SQLite's trim taking off spaces only; body =
 * concat_ws(char(10), source_body_text, group_concat of the parts' non-empty body_text by position).
 */
export function searchDocument(
  conversation: { title?: string | null; source_subject?: string | null; source_body_text?: string | null },
  parts: readonly { position: number; body_text?: string | null }[],
): SearchDocument {
  const subject = `${conversation.title ?? ''} ${conversation.source_subject ?? ''}`.replace(/^ +| +$/g, '');
  let texts: string | null = null;
  const ordered = isOrdered(parts) ? parts : [...parts].sort((a, b) => a.position - b.position);
  for (const part of ordered) {
    const text = part.body_text;
    if (text === null || text === undefined || text === '') continue;
    texts = texts === null ? text : `${texts}\n${text}`;
  }
  const source = conversation.source_body_text ?? null;
  const body = source === null ? (texts ?? '') : texts === null ? source : `${source}\n${texts}`;
  return { subject, body };
}

function isOrdered(parts: readonly { position: number }[]): boolean {
  for (let index = 1; index < parts.length; index++) {
    if (parts[index]!.position < parts[index - 1]!.position) return false;
  }
  return true;
}
