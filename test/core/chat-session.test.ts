import { describe, expect, it } from 'vitest';
import { acceptedAt, chatAcceptance } from '#core/chat-session.ts';
import { DomainError } from '#core/errors.ts';

describe('a chat message accepted again', () => {
  const first = chatAcceptance('m1', 'Where is my refund?', new Date('2026-05-01T09:00:00Z'));

  it('goes onto the queue with the time of its first acceptance', () => {
    const copy = chatAcceptance('m1', 'Where is my refund?', new Date('2026-05-01T09:00:07Z'));
    expect(acceptedAt(first, copy)).toBe('2026-05-01T09:00:00.000Z');
  });

  it('is refused as a conflict on clientMessageId when its text differs', () => {
    const other = chatAcceptance('m1', 'Cancel my order', new Date('2026-05-01T09:00:07Z'));
    expect(() => acceptedAt(first, other)).toThrow(DomainError);
    expect(() => acceptedAt(first, other)).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: 'clientMessageId m1 was already accepted with another text',
        details: { field: 'clientMessageId' },
      }),
    );
  });
});
