import { createHash, timingSafeEqual } from 'node:crypto';
import type { ChatSession } from '#core/chat-session.ts';

/** A visitor's session token is only ever stored as this digest. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` is the session's, compared in constant time. */
export function sessionTokenMatches(session: ChatSession, token: string): boolean {
  const presented = Buffer.from(hashSessionToken(token), 'hex');
  const expected = Buffer.from(session.tokenHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** The session `token` opens, if it is that session's: what the live socket admits a visitor by. */
export async function visitorSession(
  sessions: { get(sessionId: string): Promise<ChatSession | undefined> },
  sessionId: string,
  token: string,
): Promise<ChatSession | undefined> {
  const session = await sessions.get(sessionId);
  return session && sessionTokenMatches(session, token) ? session : undefined;
}
