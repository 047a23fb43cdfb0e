import type { ArticleUse, TimelineItem } from './api.ts';

/** What search takes: longer questions are cut by the API anyway. */
export const QUERY_CHARS = 200;

/**
 * What to search articles for: the customer's latest messages in this conversation, newest
 * first, as many whole messages as fit (the latest is always there, cut if need be). The
 * timeline comes newest first, as the API returns it.
 */
export function suggestionQuery(conversationId: string, timeline: readonly TimelineItem[]): string {
  const said: string[] = [];
  let length = 0;
  for (const entry of timeline) {
    if (entry.conversationId !== conversationId || entry.direction !== 'inbound' || entry.kind !== 'message')
      continue;
    const text = entry.text?.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    if (said.length && length + text.length + 1 > QUERY_CHARS) break;
    said.push(text);
    length += text.length + 1;
  }
  return said.join(' ').slice(0, QUERY_CHARS);
}

/** An article the agent put into the reply: what was inserted, so a send can tell it is still there. */
export interface Insertion {
  articleId: string;
  how: ArticleUse['how'];
  inserted: string;
}

/** The reply with an article's link or text added after what the agent already wrote. */
export function withInsertion(reply: string, inserted: string): string {
  const before = reply.trimEnd();
  return before ? `${before}\n\n${inserted}` : inserted;
}

/** The articles a sent reply really used: those whose inserted link or text it still carries. */
export function usedIn(reply: string, insertions: readonly Insertion[]): Insertion[] {
  const seen = new Set<string>();
  return insertions.filter((insertion) => {
    if (seen.has(insertion.articleId) || !reply.includes(insertion.inserted.trim())) return false;
    seen.add(insertion.articleId);
    return true;
  });
}
